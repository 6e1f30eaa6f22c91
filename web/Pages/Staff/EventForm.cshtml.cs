using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Editors schedule an event or edit one (<c>/staff/events/{slug}/edit</c>): wall-clock times in the event's own time
/// zone (as Engagement stores them), a venue for in-person and hybrid events, a link for online ones (mailed to
/// attendees only). Engagement decides what is valid, and tells attendees of a change of time or place.
/// </summary>
public sealed class EventFormModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    public static readonly IReadOnlyList<string> Formats = ["in-person", "online", "hybrid"];

    public static readonly IReadOnlyList<string> CommonZones =
        ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "UTC"];

    [BindProperty(SupportsGet = true)]
    public string? Slug { get; set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Format { get; set; } = "in-person";
    [BindProperty] public string? StartsAt { get; set; }
    [BindProperty] public string? EndsAt { get; set; }
    [BindProperty] public string? TimeZone { get; set; } = "America/New_York";
    [BindProperty] public string? VenueName { get; set; }
    [BindProperty] public string? VenueAddress { get; set; }
    [BindProperty] public string? City { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? OnlineUrl { get; set; }
    [BindProperty] public int? Capacity { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Slug is null)
        {
            return Page();
        }

        if (await api.ReadAsync((g, ct) => g.Attendees_EditableAsync(Slug, ct), cancellationToken) is not { } e)
        {
            return NotFound();
        }

        (Title, Summary, Description, Format, StartsAt, EndsAt, TimeZone, OnlineUrl, Capacity) =
            (e.Title, e.Summary, e.Description, e.Format, e.StartsAt, e.EndsAt, e.TimeZone, e.OnlineUrl, e.Capacity);
        (VenueName, VenueAddress, City, Region, Country) = (e.Venue?.Name, e.Venue?.Address, e.Venue?.City, e.Venue?.Region, e.Venue?.Country);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var hasVenue = new[] { VenueName, VenueAddress, City, Region, Country }.Any(v => !string.IsNullOrWhiteSpace(v));
        var request = new EventRequest
        {
            Title = Title, Summary = Summary, Description = Description, Format = Format, StartsAt = StartsAt, EndsAt = EndsAt,
            TimeZone = TimeZone?.Trim(), Capacity = Capacity, OnlineUrl = string.IsNullOrWhiteSpace(OnlineUrl) ? null : OnlineUrl.Trim(),
            Venue = hasVenue ? new VenueRequest { Name = VenueName, Address = VenueAddress, City = City, Region = Blank(Region), Country = Country?.Trim().ToUpperInvariant() } : null,
        };
        var saved = Slug is null
            ? await api.SendAsync((g, ct) => g.Events_CreateAsync(request, ct), cancellationToken)
            : await api.SendAsync((g, ct) => g.Events_UpdateAsync(Slug, request, ct), cancellationToken);
        if (saved.Ok)
        {
            return Redirect($"/staff/events/{saved.Value!.Slug}{(Slug is null ? "" : "?saved=true")}");
        }

        ShowProblem(saved);
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
