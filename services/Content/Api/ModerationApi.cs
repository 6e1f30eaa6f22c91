using FlexPlatform.Content.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Content.Api;

/// <summary>The moderators' queue of stories and comments, each with its spam score and reasons. Moderators and admins, here and at the gateway.</summary>
public static class ModerationApi
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var moderation = app.MapGroup("/api/content/moderation").WithTags("Moderation").RequireModerator();
        moderation.MapGet("/", QueueAsync)
            .WithSummary("List stories and comments held for review");
        moderation.MapPost("/{id:guid}/approve", ApproveAsync)
            .WithSummary("Approve a held story or comment");
        moderation.MapPost("/{id:guid}/reject", RejectAsync)
            .WithSummary("Reject a held story or comment");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ModerationItem>>> QueueAsync(ModerationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.QueueAsync(cancellationToken));

    public static async Task<Results<Ok, ProblemHttpResult>> ApproveAsync(Guid id, ModerationStore store, CancellationToken cancellationToken) =>
        Answer(await store.ApproveAsync(id, cancellationToken));

    public static async Task<Results<Ok, ProblemHttpResult>> RejectAsync(Guid id, ModerationStore store, CancellationToken cancellationToken) =>
        Answer(await store.RejectAsync(id, cancellationToken));

    private static Results<Ok, ProblemHttpResult> Answer(Decision decision) => decision switch
    {
        Decision.Done => TypedResults.Ok(),
        Decision.NotApprovable => TypedResults.Problem(
            title: "Only what waits for a moderator (or was hidden by reports) can be approved: this is unverified or rejected.", statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Problem(title: "Nothing to moderate with this id.", statusCode: StatusCodes.Status404NotFound),
    };
}
