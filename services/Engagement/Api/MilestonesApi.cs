using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FlexPlatform.Engagement.Api;

public sealed record MilestoneResponse(long Threshold, DateTimeOffset ReachedAt);

public static class MilestonesApi
{
    public static IEndpointRouteBuilder MapMilestonesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/engagement/milestones").WithTags("Milestones").MapGet("/", ListAsync);
        return app;
    }

    public static async Task<Ok<List<MilestoneResponse>>> ListAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT threshold, reached_at FROM milestones ORDER BY threshold");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var milestones = new List<MilestoneResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            milestones.Add(new MilestoneResponse(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return TypedResults.Ok(milestones);
    }
}
