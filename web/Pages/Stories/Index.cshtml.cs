using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Stories;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public IReadOnlyList<StorySummary> Stories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Stories = await api.ReadAsync((gateway, ct) => gateway.Stories_ListAsync(null, null, ct), cancellationToken) ?? [];
}
