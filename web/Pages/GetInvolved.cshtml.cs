using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages;

public sealed class GetInvolvedModel(ApiClient api) : PageModel
{
    public IReadOnlyList<IdeaResponse> Ideas { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Ideas = await api.ReadAsync((gateway, ct) => gateway.Ideas_ListAsync(ct), cancellationToken) ?? [];
}
