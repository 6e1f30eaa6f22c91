using FlexPlatform.Content.Data;
using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Content.Api;

/// <summary>The moderators' queue of stories and comments, each with its spam score and reasons. Moderators and admins, here and at the gateway.</summary>
public static class ModerationApi
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var moderation = app.MapGroup("/api/content/moderation").WithTags("Moderation").RequireModerator();
        moderation.MapGet("/", QueueAsync)
            .WithSummary("List stories and comments held for review, oldest first, a page at a time");
        moderation.MapPost("/{id:guid}/approve", ApproveAsync)
            .WithSummary("Approve a held story or comment");
        moderation.MapPost("/{id:guid}/reject", RejectAsync)
            .WithSummary("Reject a story or comment: hidden for good, kept for the record");
        moderation.MapDelete("/{id:guid}", DeleteAsync)
            .WithSummary("Delete a story or comment and its reports, whatever its status");
        return app;
    }

    /// <summary>One page (50 unless asked), with how many wait in all in <c>X-Total-Count</c>.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ModerationItem>>, ValidationProblem>> QueueAsync(
        int? page, int? pageSize, ModerationStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (items, total) = await store.QueueAsync(page ?? 1, pageSize ?? 50, cancellationToken);
        response.SetTotalCount(total);
        return TypedResults.Ok(items);
    }

    public static async Task<Results<Ok, ProblemHttpResult>> ApproveAsync(Guid id, ModerationStore store, CancellationToken cancellationToken) =>
        Answer(await store.ApproveAsync(id, cancellationToken));

    public static async Task<Results<Ok, ProblemHttpResult>> RejectAsync(Guid id, ModerationStore store, CancellationToken cancellationToken) =>
        Answer(await store.RejectAsync(id, cancellationToken));

    public static async Task<Results<Ok, ProblemHttpResult>> DeleteAsync(Guid id, ModerationStore store, CancellationToken cancellationToken) =>
        Answer(await store.DeleteAsync(id, cancellationToken));

    private static Results<Ok, ProblemHttpResult> Answer(Decision decision) => decision switch
    {
        Decision.Done => TypedResults.Ok(),
        Decision.NotApprovable => TypedResults.Problem(
            title: "Only what waits for a moderator (or was hidden by reports) can be approved: this is unverified or rejected.", statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Problem(title: "Nothing to moderate with this id.", statusCode: StatusCodes.Status404NotFound),
    };
}
