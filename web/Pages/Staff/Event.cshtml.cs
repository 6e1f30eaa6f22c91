using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// One event for its editors: its seats, attendees in the order they confirmed and the waitlist in its order (paged),
/// the whole list as a CSV file passed through from Engagement, and cancelling with a reason mailed to everyone.
/// </summary>
public sealed class EventModel(
    [FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api, StaffDownloads downloads) : FormPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty] public string? Reason { get; set; }

    /// <summary>Back from the edit form.</summary>
    [BindProperty(SupportsGet = true, Name = "saved")]
    public bool Saved { get; set; }

    public EventDetail? Event { get; private set; }

    public IReadOnlyList<EventAttendee> Attendees { get; private set; } = [];

    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        var found = api.ReadAsync((g, ct) => g.Events_GetAsync(Slug, ct), cancellationToken);
        var attendees = api.ReadAsync((g, ct) => g.Attendees_ListAsync(Slug, PageNumber, PageSize, ct), cancellationToken);
        Event = await found;
        Attendees = await attendees ?? [];
        return Event is null ? NotFound() : Page();
    }

    /// <summary>The attendees as CSV, as Engagement writes it.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        downloads.PassThroughAsync($"/api/engagement/events/{Uri.EscapeDataString(Slug)}/attendees.csv", $"{Slug}-attendees.csv", HttpContext, cancellationToken);

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        var cancelled = await api.SendAsync((g, ct) => g.Events_CancelAsync(Slug, new ReasonRequest { Reason = Reason }, ct), cancellationToken);
        if (cancelled.Ok)
        {
            Outcome = "Cancelled: everyone registered or waiting is told by mail, with your reason.";
        }
        else
        {
            ShowProblem(cancelled);
        }

        return await OnGetAsync(cancellationToken);
    }
}
