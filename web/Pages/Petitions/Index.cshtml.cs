using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Petitions;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public IReadOnlyList<PetitionSummary> Petitions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Petitions = await api.ReadAsync((gateway, ct) => gateway.Petitions_ListAsync(ct), cancellationToken) ?? [];
}
