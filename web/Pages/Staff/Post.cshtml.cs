using FlexPlatform.Domain.Text;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Editors write a post in Markdown, see it as readers will (the preview is rendered by the same Markdown pipeline and
/// sanitizer as Content's, live as they type where script runs, on "Preview" where it does not), save it as a draft,
/// publish it now or at a set time, or take it back to draft. Content decides what is valid; its answer is shown here.
/// </summary>
public sealed class PostModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api, MarkdownRenderer renderer) : FormPageModel
{
    public static readonly IReadOnlyList<string> Kinds = ["news", "trend", "blog", "research", "press", "idea"];

    [BindProperty(SupportsGet = true)]
    public string? Slug { get; set; }

    [BindProperty] public string? Kind { get; set; } = "news";
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Tags { get; set; }
    [BindProperty] public string? Author { get; set; }
    [BindProperty] public DateTime? PublishAt { get; set; }

    public string? State { get; private set; }

    public string? Outcome { get; private set; }

    public string Preview { get; private set; } = "";

    public string? PublishAtInput => UtcInputs.Value(PublishAt);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Slug is null)
        {
            return Page();
        }

        if (await api.ReadAsync((g, ct) => g.Posts_GetDraftAsync(Slug, ct), cancellationToken) is not { } post)
        {
            return NotFound();
        }

        (Kind, Title, Summary, Body, Tags, Author, State, Preview) = (post.Kind, post.Title, post.Summary, post.Body, string.Join(", ", post.Tags), post.Author, post.Status, post.Html);
        PublishAt = post.PublishAt?.UtcDateTime;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var creating = Slug is null;
        if (!await SaveAsync(cancellationToken))
        {
            return Page();
        }

        // A new draft gets its own address (its slug), where publishing is offered.
        return creating ? Redirect($"/staff/posts/edit/{Slug}") : await ReloadAsync("Saved.", cancellationToken);
    }

    public IActionResult OnPostPreview()
    {
        Preview = renderer.ToHtml(Body ?? "");
        Outcome = "Preview below; nothing is saved yet.";
        return Page();
    }

    /// <summary>The live preview's request (site.js): the same rendering, as an HTML fragment.</summary>
    public ContentResult OnPostLivePreview() => Content(renderer.ToHtml(Body ?? ""), "text/html; charset=utf-8");

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken) =>
        await SaveAsync(cancellationToken) && await SendAsync((g, ct) => g.Posts_PublishAsync(Slug!, null, ct), cancellationToken)
            ? await ReloadAsync("Published: it is on the site now.", cancellationToken)
            : Page();

    public async Task<IActionResult> OnPostScheduleAsync(CancellationToken cancellationToken)
    {
        if (PublishAt is not { } at)
        {
            ShowFieldError("publishAt", "Choose the date and time (UTC) to publish at.");
            return Page();
        }

        var when = UtcInputs.Instant(at);
        return await SaveAsync(cancellationToken) && await SendAsync((g, ct) => g.Posts_PublishAsync(Slug!, new PublishRequest { PublishAt = when }, ct), cancellationToken)
            ? await ReloadAsync($"Scheduled: it is published by itself at {when:d MMM yyyy HH:mm} UTC.", cancellationToken)
            : Page();
    }

    public async Task<IActionResult> OnPostUnpublishAsync(CancellationToken cancellationToken) =>
        await SendAsync((g, ct) => g.Posts_UnpublishAsync(Slug!, ct), cancellationToken)
            ? await ReloadAsync("Back to draft: it is off the site.", cancellationToken)
            : Page();

    // Creates the draft (learning its slug) or saves the edit; on a refusal the form shows the problem.
    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        Preview = renderer.ToHtml(Body ?? "");
        var request = new PostRequest
        {
            Kind = Kind, Title = Title, Summary = Summary, Body = Body, Author = Author,
            Tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToList(),
        };
        if (Slug is null)
        {
            var created = await api.SendAsync((g, ct) => g.Posts_CreateDraftAsync(request, ct), cancellationToken);
            if (!created.Ok)
            {
                ShowProblem(created);
                return false;
            }

            Slug = created.Value!.Slug;
            return true;
        }

        return await SendAsync((g, ct) => g.Posts_UpdateAsync(Slug, request, ct), cancellationToken);
    }

    private async Task<bool> SendAsync(Func<GatewayApi, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var result = await api.SendAsync(call, cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
        }

        return result.Ok;
    }

    private async Task<IActionResult> ReloadAsync(string outcome, CancellationToken cancellationToken)
    {
        var page = await OnGetAsync(cancellationToken);
        Outcome = outcome;
        return page;
    }
}
