using FlexPlatform.Contracts.Pledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FlexPlatform.Engagement.Api;

public sealed record ReferralResponse(string ReferralCode, long ConfirmedReferrals);

public static class ReferralsApi
{
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/engagement/referrals").WithTags("Referrals").MapGet("/{referralCode}", GetAsync);
        return app;
    }

    /// <summary>How many supporters confirmed with this code (withdrawn ones no longer count).</summary>
    public static async Task<Results<Ok<ReferralResponse>, ValidationProblem>> GetAsync(
        string referralCode, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!ReferralCode.IsWellFormed(referralCode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["referralCode"] = ["Not a referral code."] });
        }

        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM confirmed_supporters WHERE referred_by = $1 AND withdrawn_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = referralCode });
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return TypedResults.Ok(new ReferralResponse(referralCode, count));
    }
}
