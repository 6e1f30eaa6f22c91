using System.Globalization;
using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// The console's first page for every member of staff: supporters today and over 90 days, growth toward the goal, top
/// referrers, supporters by state, what waits for the moderators (for those whose role includes it), and for admins
/// what waits or is stuck in each service (events to relay, mail, parked messages), with replay.
/// </summary>
public sealed class IndexModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient staff, ApiClient api, ServiceOperations operations) : PageModel
{
    private const int RankedRows = 15;
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    public OverviewResponse? Supporters { get; private set; }

    public long Goal { get; private set; } = 1_000_000;

    public double PercentOfGoal => Supporters is null ? 0 : 100.0 * Supporters.Confirmed / Math.Max(1, Goal);

    public long? HeldCount { get; private set; }

    public bool IsAdmin => User.Role() == StaffRoles.Admin;

    /// <summary>Each service's operations state (admins only).</summary>
    public IReadOnlyList<ServiceState>? Operations { get; private set; }

    public string? Outcome { get; private set; }

    public long? ApplicationCount { get; private set; }

    public IReadOnlyList<(string Label, long Value)> PerDay { get; private set; } = [];

    public IReadOnlyList<(string Label, long Value)> Growth { get; private set; } = [];

    public IReadOnlyList<(string Label, long Value)> Referrers { get; private set; } = [];

    public IReadOnlyList<(string Label, long Value)>? ByRegion { get; private set; }

    public string PerDayDescription => PerDay.Count == 0 ? "" :
        $"{PerDay.Sum(d => d.Value).ToString("N0", En)} in 90 days; the most, {PerDay.Max(d => d.Value).ToString("N0", En)}, on {PerDay.MaxBy(d => d.Value).Label}; {PerDay[^1].Value.ToString("N0", En)} today.";

    public string GrowthDescription => Growth.Count == 0 ? "" :
        $"From {Growth[0].Value.ToString("N0", En)} on {Growth[0].Label} to {Growth[^1].Value.ToString("N0", En)} today.";

    public string ReferrersDescription => string.Join("; ", Referrers.Select(r => $"{r.Label}: {r.Value.ToString("N0", En)}"));

    public string RegionsDescription => string.Join("; ", (ByRegion ?? []).Select(r => $"{r.Label}: {r.Value.ToString("N0", En)}"));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = staff.ReadAsync((g, ct) => g.Overview_ReadAsync(ct), cancellationToken);
        var count = api.ReadAsync((g, ct) => g.Reads_GetCountAsync(ct), cancellationToken);
        var stats = api.ReadAsync((g, ct) => g.Reads_GetStatsAsync(ct), cancellationToken);
        var moderates = StaffRoles.Policies[StaffRoles.Moderator].Contains(User.Role());
        // One item each: the totals come with the first page.
        var held = moderates ? staff.ReadPageAsync((g, ct) => g.Moderation_QueueAsync(1, 1, ct), cancellationToken) : Task.FromResult<ApiPage<ModerationItem>?>(null);
        var applications = moderates ? staff.ReadPageAsync((g, ct) => g.Applications_ListPendingAsync(1, 1, ct), cancellationToken) : Task.FromResult<ApiPage<PendingApplication>?>(null);
        var state = IsAdmin ? operations.StateAsync(cancellationToken) : Task.FromResult<IReadOnlyList<ServiceState>>([]);

        Supporters = await overview;
        Goal = (await count)?.Goal ?? Goal;
        HeldCount = (await held)?.Total;
        ApplicationCount = (await applications)?.Total;
        Operations = IsAdmin ? await state : null;
        ByRegion = (await stats)?.ByRegion.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(RankedRows).Select(r => (r.Key, r.Value)).ToList();
        if (Supporters is { } supporters)
        {
            PerDay = supporters.PerDay.Select(d => (Day(d.Day), d.Pledges)).ToList();
            // The running total, worked back from today's: each day's total is the next day's less that day's pledges.
            var before = supporters.Confirmed - supporters.PerDay.Sum(d => d.Pledges);
            Growth = supporters.PerDay.Select(d => (Day(d.Day), before += d.Pledges)).ToList();
            Referrers = supporters.TopReferrers.Select(r => ($"{r.DisplayName} ({r.Place})", r.Referred)).ToList();
        }
    }

    /// <summary>Admins: a service's dead mail queued again.</summary>
    public async Task<IActionResult> OnPostReplayMailAsync(string service, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        var replayed = await operations.ReplayMailAsync(service, cancellationToken);
        return await ShowAsync(replayed is { } n ? $"{n:N0} dead mails of {service} are queued again." : $"{service}'s answer did not come: its dead mail may or may not be queued again; the counts below say.", cancellationToken);
    }

    /// <summary>Admins: an error queue's parked messages back to their consumer.</summary>
    public async Task<IActionResult> OnPostReplayErrorsAsync(string service, string queue, CancellationToken cancellationToken)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        var replayed = await operations.ReplayErrorsAsync(service, queue, cancellationToken);
        return await ShowAsync(replayed is { } n ? $"{n:N0} parked messages of {queue} are back with their consumer." : $"{service}'s answer did not come: {queue} may or may not be replayed; the counts below say.", cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string outcome, CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        Outcome = outcome;
        return Page();
    }

    private static string Day(DateOnly day) => day.ToString("d MMM", En);
}
