using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// One event for its editors: its seats, attendees in the order they confirmed and the waitlist in its order (paged),
/// the whole list as a CSV file streamed through from Engagement, and cancelling with a reason mailed to everyone.
/// </summary>
public sealed class EventModel(
    [FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api, IHttpClientFactory http) : FormPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty] public string? Reason { get; set; }

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

    /// <summary>The attendees as CSV, copied through as Engagement writes it: no list of any size is held here.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/engagement/events/{Uri.EscapeDataString(Slug)}/attendees.csv");
        var response = await http.CreateClient(StaffConsoleExtensions.StaffApi).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            return StatusCode((int)response.StatusCode is 404 or 403 ? (int)response.StatusCode : StatusCodes.Status503ServiceUnavailable);
        }

        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(cancellationToken), "text/csv; charset=utf-8", $"{Slug}-attendees.csv");
    }

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

        var status = Response.StatusCode;
        var page = await OnGetAsync(cancellationToken);
        Response.StatusCode = status;
        return page;
    }
}
