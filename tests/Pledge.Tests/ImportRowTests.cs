using FlexPlatform.Domain;
using FlexPlatform.Pledge.Import;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

public sealed class ImportRowTests
{
    private static readonly string[] Header = ["email", "first_name", "last_name", "country", "region", "personas", "consent_to_updates", "pledged_at"];

    [Fact]
    public void Row_is_read_by_header_name_with_lists_flags_and_dates()
    {
        var columns = ImportColumns.Parse(Header, out var headerErrors);

        var row = ImportRow.Read(columns, ["ana@example.org", "Ana", "Lima", "US", "CO", "parent; freelancer", "yes", "2015-06-01T12:00:00Z"], out var errors);

        Assert.True(headerErrors.IsValid);
        Assert.True(errors.IsValid);
        Assert.Equal(["parent", "freelancer"], row.Pledge.Personas!);
        Assert.True(row.Pledge.ConsentToUpdates);
        Assert.False(row.Pledge.ListPublicly);
        Assert.Equal(new DateTimeOffset(2015, 6, 1, 12, 0, 0, TimeSpan.Zero), row.PledgedAt);
    }

    [Fact]
    public void Row_breaking_pledge_rules_reports_each_field()
    {
        var columns = ImportColumns.Parse(Header, out _);

        ImportRow.Read(columns, ["not-an-email", "Ana", "Lima", "US", "ZZ", "wizard", "maybe", "yesterday"], out var errors);

        Assert.Equal(["consent_to_updates", "email", "personas", "pledged_at", "region"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void Header_without_required_columns_or_with_unknown_ones_is_refused()
    {
        ImportColumns.Parse(["email", "shoe_size", "email"], out var errors);

        var messages = errors.ToDictionary()["header"];
        Assert.Contains(messages, m => m.Contains("shoe_size", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("first_name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sara", "smith", "Sara S.")]
    [InlineData("Zoë", "Øvergaard", "Zoë Ø.")]
    [InlineData("Ana", " ", "Ana")]
    public void Display_name_is_first_name_and_last_initial(string first, string last, string expected) =>
        Assert.Equal(expected, DisplayNames.Of(first, last));
}
