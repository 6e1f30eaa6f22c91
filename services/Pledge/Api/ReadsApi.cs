using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Live;
using FlexPlatform.Pledge.Reads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Pledge.Api;

public sealed record CountResponse(long Total, long Goal);

/// <summary>Public reads: cheap under load, short-lived HTTP caching on top of Redis.</summary>
public static class ReadsApi
{
    public static RouteGroupBuilder MapReadsApi(this RouteGroupBuilder pledges)
    {
        pledges.MapGet("/count", GetCountAsync)
            .WithSummary("The number of confirmed supporters and the goal");
        pledges.MapGet("/stats", GetStatsAsync)
            .WithSummary("Confirmed supporters by country, state, persona and kind of flexibility");
        pledges.MapGet("/recent", GetRecentAsync)
            .WithSummary("The latest supporters who chose to be listed publicly");
        pledges.MapGet("/stream", CountStream.StreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("The count as server-sent events, one each time it changes");
        return pledges;
    }

    public static async Task<Ok<CountResponse>> GetCountAsync(PledgeCounter counter, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=1";
        return TypedResults.Ok(new CountResponse(await counter.GetTotalAsync(cancellationToken), CounterOptions.Goal));
    }

    public static async Task<Ok<StatsResponse>> GetStatsAsync(PublicReads reads, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=5";
        return TypedResults.Ok(await reads.StatsAsync(cancellationToken));
    }

    public static async Task<Ok<RecentSupporter[]>> GetRecentAsync(PublicReads reads, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=2";
        return TypedResults.Ok(await reads.RecentAsync(cancellationToken));
    }
}
