using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace FlexPlatform.ServiceDefaults.Messaging;

public sealed record ReplayResponse(string Queue, long Replayed);

/// <summary>
/// Admin only: <c>GET /admin/messaging/errors</c> counts each consumer's failed messages and
/// <c>POST /admin/messaging/errors/{queue}/replay</c> moves them back to be consumed again.
/// </summary>
public static class ErrorQueueApi
{
    public static IEndpointRouteBuilder MapErrorQueueApi(this IEndpointRouteBuilder app)
    {
        var errors = app.MapGroup("/admin/messaging/errors").WithTags("Operations").RequireAdmin();
        errors.MapGet("/", ListAsync)
            .WithSummary("Parked messages per error queue");
        errors.MapPost("/{queue}/replay", ReplayAsync)
            .WithSummary("Replay an error queue's parked messages");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ErrorQueueState>>> ListAsync(ErrorQueues queues, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queues.CountAsync(cancellationToken));

    public static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> ReplayAsync(string queue, ErrorQueues queues, CancellationToken cancellationToken)
    {
        if (!queues.Queues.Contains(queue, StringComparer.Ordinal))
        {
            return TypedResults.Problem(title: "No consumer of this service reads that queue.", statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["queues"] = queues.Queues });
        }

        return TypedResults.Ok(new ReplayResponse(queue, await queues.ReplayAsync(queue, cancellationToken)));
    }
}
