using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// The moderators' queues, oldest first: stories and comments held for review (Content), and organizations' applications
/// (Coalition, rejected with a reason mailed to the applicant). Every decision is the API's, made as this member of staff.
/// </summary>
public sealed class ModerationModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<ModerationItem>? Held { get; private set; }

    public IEnumerable<ModerationItem> HeldPage => (Held ?? []).Skip((Math.Max(PageNumber, 1) - 1) * PageSize).Take(PageSize);

    public IReadOnlyList<PendingApplication>? Applications { get; private set; }

    public string? Outcome { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Moderation_ApproveAsync(id, ct), "Approved: it is public now.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken) =>
        DecideAsync((g, ct) => g.Moderation_RejectAsync(id, ct), "Rejected: it stays hidden.", cancellationToken);

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
        var held = api.ReadAsync((g, ct) => g.Moderation_QueueAsync(ct), cancellationToken);
        var applications = api.ReadAsync((g, ct) => g.Applications_ListPendingAsync(1, 50, ct), cancellationToken);
        Held = await held;
        Applications = await applications;
    }
}
