using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public CountResponse Count { get; private set; } = new() { Total = 0, Goal = 1_000_000 };

    public IReadOnlyList<RecentSupporter> Recent { get; private set; } = [];

    public IReadOnlyList<MilestoneRow> Milestones { get; private set; } = [];

    public IReadOnlyList<PostSummary> News { get; private set; } = [];

    public IReadOnlyList<EventSummary> Events { get; private set; } = [];

    public IReadOnlyList<PetitionSummary> Petitions { get; private set; } = [];

    public double Percent => Count.Goal == 0 ? 0 : Math.Min(100, 100.0 * Count.Total / Count.Goal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Every section at once; one that is away leaves its section empty, not the page broken.
        var count = api.ReadAsync((gateway, ct) => gateway.Reads_GetCountAsync(ct), cancellationToken);
        var recent = api.ReadAsync((gateway, ct) => gateway.Reads_GetRecentAsync(ct), cancellationToken);
        var milestones = api.ReadAsync((gateway, ct) => gateway.Milestones_ListAsync(ct), cancellationToken);
        var news = api.ReadAsync((gateway, ct) => gateway.Posts_ListAsync(null, null, null, null, null, ct), cancellationToken);
        var events = api.ReadAsync((gateway, ct) => gateway.Events_ListAsync(null, null, null, ct), cancellationToken);
        var petitions = api.ReadAsync((gateway, ct) => gateway.Petitions_ListAsync(ct), cancellationToken);
        await Task.WhenAll(count, recent, milestones, news, events, petitions);

        Count = await count ?? Count;
        Recent = (await recent ?? []).Take(8).ToList();
        Milestones = await milestones ?? [];
        News = (await news ?? []).Take(3).ToList();
        Events = (await events ?? []).Where(e => e.Status != "cancelled").Take(3).ToList();
        Petitions = (await petitions ?? []).Where(p => p.State == "open").Take(3).ToList();
    }
}
