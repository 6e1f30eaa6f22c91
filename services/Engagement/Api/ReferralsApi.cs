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
        referrals.MapGet("/leaderboard", LeaderboardAsync);
        referrals.MapGet("/{referralCode}", GetAsync);
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
    /// Top referrers who agreed to be listed: names and places come from Pledge (GetProfile), which answers
    /// only for listed, confirmed supporters, so an email or an unlisted person never appears.
    /// </summary>
    public static async Task<Ok<LeaderboardEntry[]>> LeaderboardAsync(ReferralStore store, SupporterDirectory supporters, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=10";
        var candidates = await store.TopAsync(LeaderboardSize * 3, cancellationToken);
        var profiles = await Task.WhenAll(candidates.Select(c => supporters.ProfileAsync(c.SupporterId, cancellationToken)));
        var entries = candidates.Zip(profiles)
            .Where(pair => pair.Second is not null)
            .Select(pair => new LeaderboardEntry(pair.Second!.DisplayName, pair.Second.Place, pair.First.ConfirmedReferrals))
            .Take(LeaderboardSize)
            .ToArray();
        return TypedResults.Ok(entries);
    }
}
