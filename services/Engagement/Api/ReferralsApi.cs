using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Engagement.Clients;
using FlexPlatform.Engagement.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Engagement.Api;

public sealed record ReferralResponse(string ReferralCode, long ConfirmedReferrals);

public sealed record LeaderboardEntry(string DisplayName, string Place, long ConfirmedReferrals);

public static class ReferralsApi
{
    public const int LeaderboardSize = 20;

    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/engagement/referrals").WithTags("Referrals");
        referrals.MapGet("/leaderboard", LeaderboardAsync)
            .WithSummary("The supporters who brought in the most others");
        referrals.MapGet("/{referralCode}", GetAsync)
            .WithSummary("How many confirmed supporters a referral code brought in");
        return app;
    }

    /// <summary>How many supporters confirmed with this code (withdrawn ones no longer count).</summary>
    public static async Task<Results<Ok<ReferralResponse>, ValidationProblem>> GetAsync(
        string referralCode, ReferralStore store, CancellationToken cancellationToken)
    {
        if (!ReferralCode.IsWellFormed(referralCode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["referralCode"] = ["Not a referral code."] });
        }

        return TypedResults.Ok(new ReferralResponse(referralCode, await store.CountAsync(referralCode, cancellationToken)));
    }

    /// <summary>
    /// Top referrers who agreed to be listed: names and places come from Pledge in one call (GetProfiles), which
    /// answers only for listed, confirmed supporters, so an email or an unlisted person never appears. With Pledge
    /// away the board is empty rather than an error.
    /// </summary>
    public static async Task<Ok<LeaderboardEntry[]>> LeaderboardAsync(ReferralStore store, SupporterDirectory supporters, HttpContext context, CancellationToken cancellationToken)
    {
        var candidates = await store.TopAsync(LeaderboardSize * 3, cancellationToken);
        var profiles = await supporters.ProfilesAsync(candidates.Select(c => c.SupporterId).ToList(), cancellationToken);
        // A board without names (Pledge away) is served but not cached, so the names come back with Pledge.
        context.Response.Headers.CacheControl = candidates.Count > 0 && profiles.All(p => p is null) ? "no-store" : "public, max-age=10";
        var entries = candidates.Zip(profiles)
            .Where(pair => pair.Second is not null)
            .Select(pair => new LeaderboardEntry(pair.Second!.DisplayName, pair.Second.Place, pair.First.ConfirmedReferrals))
            .Take(LeaderboardSize)
            .ToArray();
        return TypedResults.Ok(entries);
    }
}
