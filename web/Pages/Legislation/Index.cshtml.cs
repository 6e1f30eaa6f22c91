using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Legislation;

public sealed class IndexModel(ApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Jurisdiction { get; set; }

    public IReadOnlyList<LegislationSummary> Bills { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Bills = await api.ReadAsync((gateway, ct) => gateway.Legislation_ListAsync(Query.Value(Jurisdiction), ct), cancellationToken) ?? [];
}
