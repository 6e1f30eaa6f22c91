using FlexPlatform.Domain;

namespace FlexPlatform.Pledge.Reads;

/// <summary>A listed supporter's row: only what their public line is made of.</summary>
public sealed class ListedSupporter
{
    public const string Columns = "id, first_name AS FirstName, last_name AS LastName, region, country, confirmed_at AS ConfirmedAt";

    public Guid Id { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Region { get; init; }
    public string Country { get; init; } = "";
    public DateTimeOffset ConfirmedAt { get; init; }

    public RecentSupporter ToRecentSupporter() => new(DisplayNames.Of(FirstName, LastName), DisplayNames.Place(Region, Country), ConfirmedAt);
}
