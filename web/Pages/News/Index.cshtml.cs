using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.News;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> Kinds =
        [("news", "News"), ("trend", "Trends"), ("research", "Research"), ("blog", "Blog"), ("press", "Press"), ("idea", "Ideas")];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public const int PageSize = 20;

    public IReadOnlyList<PostSummary> Posts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        Posts = await api.ReadAsync((gateway, ct) => gateway.Posts_ListAsync(Query.Value(Kind), Query.Value(Tag), Query.Value(Q), PageNumber, PageSize, ct), cancellationToken) ?? [];
    }
}
