using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// The moderators' queues, oldest first and a page at a time: stories and comments held for review or hidden by
/// reports (Content: approve, hide, delete), and organizations' applications (Coalition: approve after a preview of
/// the member page, or reject with a reason mailed to the applicant). Every decision is the API's, made as this
/// member of staff. Keys (site.js): j and k move between items, a approves, h hides, d deletes.
/// </summary>
public sealed class ModerationModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "applications")]
    public int ApplicationsPage { get; set; } = 1;

    public ApiPage<ModerationItem>? Held { get; private set; }

    public ApiPage<PendingApplication>? Applications { get; private set; }

    public string? Outcome { get; private set; }

    /// <summary>An application as its member page would show it once approved (no supporters yet).</summary>
    public static MemberResponse Preview(PendingApplication application) => new()
    {
        Slug = "", Name = application.Name, Kind = application.Kind, Country = application.Country,
        Website = application.Website, Statement = application.Statement, Supporters = 0, Featured = false,
    };

    /// <summary>Both queues' page numbers, kept by every link and form on the page.</summary>
    public string Pages(int content, int applications) => $"page={content}&applications={applications}";

    /// <summary>The page's address with one queue's page changed and the other's kept.</summary>
    public string PageLink(int content, int applications, string anchor) => $"/staff/moderation?{Pages(content, applications)}#{anchor}";

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Moderation_ApproveAsync(id, ct), "Approved: it is public now.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Moderation_RejectAsync(id, ct), "Hidden: it stays off the site, kept for the record.", cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Moderation_DeleteAsync(id, ct), "Deleted: it is gone for good, with its reports.", cancellationToken);

    public Task<IActionResult> OnPostApproveApplicationAsync(Guid id, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Applications_ApproveAsync(id, ct), "Approved: the organization is a member, and its contact has their code.", cancellationToken);

    public Task<IActionResult> OnPostRejectApplicationAsync(Guid id, string? reason, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Applications_RejectAsync(id, new RejectionRequest { Reason = reason }, ct), "Rejected: the applicant has the reason by mail.", cancellationToken);

    private async Task<IActionResult> DecideAsync(Func<GatewayApi, CancellationToken, Task> decide, string done, CancellationToken cancellationToken)
    {
        var result = await api.SendAsync(decide, cancellationToken);
        if (result.Ok)
        {
            Outcome = done;
        }
        else
        {
            ShowProblem(result);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        ApplicationsPage = Math.Clamp(ApplicationsPage, 1, 10_000);
        var held = api.ReadPageAsync((g, ct) => g.Moderation_QueueAsync(PageNumber, PageSize, ct), cancellationToken);
        var applications = api.ReadPageAsync((g, ct) => g.Applications_ListPendingAsync(ApplicationsPage, PageSize, ct), cancellationToken);
        Held = await held;
        Applications = await applications;
    }
}
