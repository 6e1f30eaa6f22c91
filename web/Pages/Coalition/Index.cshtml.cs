using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Coalition;

public sealed class IndexModel(ApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public const int PageSize = 24;

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public CoalitionStats? Stats { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var query = Query.From(("q", Q), ("kind", Kind), ("country", Country), ("page", PageNumber), ("pageSize", PageSize));
        var members = api.GetAsync<Member[]>($"/api/coalition/members{query}", cancellationToken);
        var stats = api.GetAsync<CoalitionStats>("/api/coalition/stats", cancellationToken);
        Members = await members ?? [];
        Stats = await stats;
    }
}
