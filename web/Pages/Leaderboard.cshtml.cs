using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages;

public sealed class LeaderboardModel(ApiClient api) : PageModel
{
    /// <summary>Null while Engagement cannot say: the page tells so rather than showing an empty board.</summary>
    public IReadOnlyList<LeaderboardEntry>? Entries { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await api.ReadAsync((gateway, ct) => gateway.Referrals_LeaderboardAsync(ct), cancellationToken);
}
