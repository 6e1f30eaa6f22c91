using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Legislation;

public sealed class IndexModel(ApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Jurisdiction { get; set; }

    public IReadOnlyList<Bill> Bills { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Bills = await api.GetAsync<Bill[]>("/api/engagement/legislation" + Query.From(("jurisdiction", Jurisdiction)), cancellationToken) ?? [];
}
