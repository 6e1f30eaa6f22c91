using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.News;

public sealed class PostModel(ApiClient api) : FormPageModel
{
    public PostResponse Post { get; private set; } = null!;

    public IReadOnlyList<PublishedComment> Comments { get; private set; } = [];

    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Body { get; set; }

    public string? Sent { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) => LoadAsync(slug, cancellationToken);

    public async Task<IActionResult> OnPostCommentAsync(string slug, CancellationToken cancellationToken)
    {
        var result = await api.SendAsync(
            (gateway, ct) => gateway.Comments_SubmitAsync(slug, new CommentRequest { DisplayName = DisplayName, Email = Email, Body = Body }, ct), cancellationToken);
        if (result.Ok)
        {
            Sent = "Thanks! We mailed you a link: your comment appears once you confirm it.";
            (DisplayName, Email, Body) = (null, null, null);
        }
        else
        {
            ShowProblem(result);
        }

        return await LoadAsync(slug, cancellationToken);
    }

    /// <summary>A report with an address counts once confirmed from the mailed link; without one, only moderators see it.</summary>
    public async Task<IActionResult> OnPostReportAsync(string slug, Guid comment, string reason, string? email, CancellationToken cancellationToken)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var result = await api.SendAsync((gateway, ct) => gateway.Comments_ReportAsync(comment, new ReportRequest { Reason = reason, Email = email }, ct), cancellationToken);
        Sent = !result.Ok ? null
            : email is null ? "Thank you, a moderator will see your report."
            : "Thank you! We mailed you a link: your report counts once you confirm it.";
        if (!result.Ok)
        {
            ShowProblem(result);
        }

        return await LoadAsync(slug, cancellationToken);
    }

    private async Task<IActionResult> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var post = api.ReadAsync((gateway, ct) => gateway.Posts_GetAsync(slug, ct), cancellationToken);
        var comments = api.ReadAsync((gateway, ct) => gateway.Comments_ListAsync(slug, ct), cancellationToken);
        if (await post is not { } found)
        {
            return NotFound();
        }

        Post = found;
        Comments = await comments ?? [];
        return Page();
    }
}
