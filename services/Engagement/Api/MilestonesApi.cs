using FlexPlatform.Engagement.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Engagement.Api;

public static class MilestonesApi
{
    public static IEndpointRouteBuilder MapMilestonesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/engagement/milestones").WithTags("Milestones").MapGet("/", ListAsync)
            .WithSummary("The milestones the count has reached, with when");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<MilestoneRow>>> ListAsync(MilestoneStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));
}
