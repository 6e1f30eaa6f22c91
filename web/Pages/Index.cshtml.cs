using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public Count Count { get; private set; } = new(0, 1_000_000);

    public IReadOnlyList<RecentSupporter> Recent { get; private set; } = [];

    public IReadOnlyList<Milestone> Milestones { get; private set; } = [];

    public IReadOnlyList<PostSummary> News { get; private set; } = [];

    public IReadOnlyList<EventSummary> Events { get; private set; } = [];

    public IReadOnlyList<PetitionSummary> Petitions { get; private set; } = [];

    public double Percent => Count.Goal == 0 ? 0 : Math.Min(100, 100.0 * Count.Total / Count.Goal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Every section at once; one that is away leaves its section empty, not the page broken.
        var count = api.GetAsync<Count>("/api/pledges/count", cancellationToken);
        var recent = api.GetAsync<RecentSupporter[]>("/api/pledges/recent", cancellationToken);
        var milestones = api.GetAsync<Milestone[]>("/api/engagement/milestones", cancellationToken);
        var news = api.GetAsync<PostSummary[]>("/api/content/posts", cancellationToken);
        var events = api.GetAsync<EventSummary[]>("/api/engagement/events", cancellationToken);
        var petitions = api.GetAsync<PetitionSummary[]>("/api/engagement/petitions", cancellationToken);
        await Task.WhenAll(count, recent, milestones, news, events, petitions);

        Count = await count ?? Count;
        Recent = (await recent ?? []).Take(8).ToList();
        Milestones = await milestones ?? [];
        News = (await news ?? []).Take(3).ToList();
        Events = (await events ?? []).Where(e => e.Status != "cancelled").Take(3).ToList();
        Petitions = (await petitions ?? []).Where(p => p.State == "open").Take(3).ToList();
    }
}
