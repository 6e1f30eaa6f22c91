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

    public IReadOnlyList<MemberResponse> Members { get; private set; } = [];

    public CoalitionStats? Stats { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var members = api.ReadAsync(
            (gateway, ct) => gateway.Members_ListAsync(Query.Value(Kind), Query.Value(Country), Query.Value(Q), featured: null, PageNumber, PageSize, ct), cancellationToken);
        var stats = api.ReadAsync((gateway, ct) => gateway.Members_StatsAsync(ct), cancellationToken);
        Members = await members ?? [];
        Stats = await stats;
    }
}
