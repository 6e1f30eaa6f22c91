using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace FlexPlatform.ServiceDefaults.Mail;

public sealed record MailReplayed(int Replayed);

/// <summary>
/// Admin only: <c>GET /admin/mail</c> counts the queue; <c>/admin/mail/dead</c> lists mail refused for good,
/// which can be queued again (one or all, once the address or server is fixed) or discarded.
/// </summary>
public static class MailAdminApi
{
    public static IEndpointRouteBuilder MapMailAdminApi(this IEndpointRouteBuilder app)
    {
        var mail = app.MapGroup("/admin/mail").WithTags("Operations").RequireAdmin();
        mail.MapGet("/", CountAsync)
            .WithSummary("Mail waiting to be sent, and dead mail");
        mail.MapGet("/dead", ListDeadAsync)
            .WithSummary("Dead mail with the server's answers");
        mail.MapPost("/dead/replay", ReplayAllAsync)
            .WithSummary("Send all dead mail again");
        mail.MapPost("/dead/{seq:long}/replay", ReplayAsync)
            .WithSummary("Send one dead mail again");
        mail.MapDelete("/dead/{seq:long}", DiscardAsync)
            .WithSummary("Discard one dead mail");
        return app;
    }

    public static async Task<Ok<MailQueueState>> CountAsync(MailQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.CountAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<DeadMail>>, ValidationProblem>> ListDeadAsync(
        int? page, int? pageSize, MailQueue queue, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        return errors.IsValid
            ? TypedResults.Ok(await queue.ListDeadAsync(page ?? 1, pageSize ?? 50, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    public static async Task<Ok<MailReplayed>> ReplayAllAsync(MailQueue queue, MailOutbox outbox, CancellationToken cancellationToken)
    {
        var replayed = await queue.ReplayAsync(seq: null, cancellationToken);
        outbox.Notify();
        return TypedResults.Ok(new MailReplayed(replayed));
    }

    public static async Task<Results<Ok<MailReplayed>, ProblemHttpResult>> ReplayAsync(long seq, MailQueue queue, MailOutbox outbox, CancellationToken cancellationToken)
    {
        if (await queue.ReplayAsync(seq, cancellationToken) == 0)
        {
            return TypedResults.Problem(title: "No set-aside mail with this number.", statusCode: StatusCodes.Status404NotFound);
        }

        outbox.Notify();
        return TypedResults.Ok(new MailReplayed(1));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DiscardAsync(long seq, MailQueue queue, CancellationToken cancellationToken) =>
        await queue.DiscardAsync(seq, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "No set-aside mail with this number.", statusCode: StatusCodes.Status404NotFound);
}
