using System.Security.Claims;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Organizations;
using FlexPlatform.Pledge.Updates;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FlexPlatform.Pledge.Api;

public sealed record UpdateCreated(Guid Id);

/// <summary>
/// Admin only (checked here and at the gateway): updates by mail to the supporters who asked for them. Write one,
/// test it on yourself, send it now or at a time, follow its progress, cancel it; and the addresses updates leave
/// out because they bounced or complained.
/// </summary>
public static class UpdatesApi
{
    public static RouteGroupBuilder MapUpdatesApi(this RouteGroupBuilder pledges)
    {
        var updates = pledges.MapGroup("/updates").RequireAdmin();
        updates.MapPost("/", CreateAsync)
            .WithSummary("Write an update to supporters: send it now or at a time, or keep it as a draft (a test mail first with testTo)");
        updates.MapGet("/", ListAsync)
            .WithSummary("List updates, newest first, with their progress");
        updates.MapGet("/{id:guid}", FindAsync)
            .WithSummary("An update and its progress: sent, failed, left");
        updates.MapPut("/{id:guid}", EditAsync)
            .WithSummary("Change a draft or scheduled update");
        updates.MapPost("/{id:guid}/test", TestAsync)
            .WithSummary("Mail a test of the update to yourself");
        updates.MapPost("/{id:guid}/send", SendAsync)
            .WithSummary("Send a draft now or at a time");
        updates.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithSummary("Cancel an update: a scheduled one becomes a draft, one sending stops");
        updates.MapGet("/audience", CountAudienceAsync)
            .WithSummary("How many supporters an audience reaches now");
        updates.MapGet("/suppressions", ListSuppressionsAsync)
            .WithSummary("Addresses updates leave out: bounces and complaints");
        updates.MapPost("/suppressions", SuppressAsync)
            .WithSummary("Leave an address out of updates (a complaint or bounce a provider reported)");
        updates.MapPost("/suppressions/lift", LiftAsync)
            .WithSummary("Let updates reach a suppressed address again");
        return pledges;
    }

    public static async Task<Results<Accepted<UpdateCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        UpdateRequest request, ClaimsPrincipal user, UpdateStore store, OrganizationDirectory organizations, UpdateMail mail,
        NpgsqlDataSource dataSource, MailOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(request.Validate(clock.GetUtcNow()), request.Audience, organizations, cancellationToken);
        if (check.Invalid is { } invalid)
        {
            return invalid;
        }

        if (check.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        var id = await store.CreateAsync(request, check.OrganizationId, user.StaffName(), cancellationToken);
        if (request.TestTo is { } testTo)
        {
            await QueueTestAsync(dataSource, outbox, mail, request.Subject!.Trim(), request.Body!.Trim(), testTo.Trim(), cancellationToken);
        }

        return TypedResults.Accepted($"/api/pledges/updates/{id}", new UpdateCreated(id));
    }

    public static async Task<Results<Ok<IReadOnlyList<UpdateView>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, UpdateStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        return errors.IsValid
            ? TypedResults.Ok(await store.ListAsync(page ?? 1, pageSize ?? 50, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    public static async Task<Results<Ok<UpdateView>, ProblemHttpResult>> FindAsync(Guid id, UpdateStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } update ? TypedResults.Ok(update) : NotFound();

    public static async Task<Results<Ok<UpdateView>, ValidationProblem, ProblemHttpResult>> EditAsync(
        Guid id, UpdateRequest request, UpdateStore store, OrganizationDirectory organizations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var check = await CheckAsync((request with { TestTo = null }).Validate(clock.GetUtcNow()), request.Audience, organizations, cancellationToken);
        if (check.Invalid is { } invalid)
        {
            return invalid;
        }

        if (check.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        return await ChangedAsync(id, await store.EditAsync(id, request, check.OrganizationId, cancellationToken), store, "Only a draft or a scheduled update can change.", cancellationToken);
    }

    /// <summary>The update as its recipients get it, to the given address or the caller's own, with "[Test]" before the subject.</summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> TestAsync(
        Guid id, TestSendRequest request, ClaimsPrincipal user, UpdateStore store, UpdateMail mail, NpgsqlDataSource dataSource, MailOutbox outbox,
        CancellationToken cancellationToken)
    {
        var to = request.To?.Trim() ?? user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue("email");
        if (!EmailAddress.IsValid(to))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["Where the test goes: your address (your token carries none)."] });
        }

        if (await store.FindAsync(id, cancellationToken) is not { } update)
        {
            return NotFound();
        }

        await QueueTestAsync(dataSource, outbox, mail, update.Subject, update.Body, to!, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<Ok<UpdateView>, ValidationProblem, ProblemHttpResult>> SendAsync(
        Guid id, SendRequest? request, UpdateStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (request?.SendAt is { } at && at < now.AddMinutes(-1))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sendAt"] = ["A time to come (leave it out to send now)."] });
        }

        return await ChangedAsync(id, await store.ScheduleAsync(id, request?.SendAt ?? now, cancellationToken), store, "Only a draft can be sent; this one is not a draft.", cancellationToken);
    }

    public static async Task<Results<Ok<UpdateView>, ValidationProblem, ProblemHttpResult>> CancelAsync(Guid id, UpdateStore store, CancellationToken cancellationToken) =>
        await ChangedAsync(id, await store.CancelAsync(id, cancellationToken), store, "Only a scheduled update or one sending can be cancelled.", cancellationToken);

    public static async Task<Results<Ok<AudienceSize>, ValidationProblem, ProblemHttpResult>> CountAudienceAsync(
        string? country, string? region, string[]? personas, string[]? flexibility, string? organizationSlug,
        UpdateStore store, OrganizationDirectory organizations, CancellationToken cancellationToken)
    {
        var audience = new Audience(country, region, personas, flexibility, organizationSlug);
        var errors = new FieldErrors();
        audience.Validate(errors);
        var check = await CheckAsync(errors, audience, organizations, cancellationToken);
        if (check.Invalid is { } invalid)
        {
            return invalid;
        }

        if (check.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        return TypedResults.Ok(new AudienceSize(await store.CountAudienceAsync(audience, check.OrganizationId, cancellationToken)));
    }

    public static async Task<Results<Ok<IReadOnlyList<MailSuppression>>, ValidationProblem>> ListSuppressionsAsync(
        int? page, int? pageSize, MailSuppressions suppressions, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        return errors.IsValid
            ? TypedResults.Ok(await suppressions.ListAsync(page ?? 1, pageSize ?? 50, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    public static async Task<Results<Ok<MailSuppression>, ValidationProblem>> SuppressAsync(
        SuppressionRequest request, UpdateStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .When(!EmailAddress.IsValid(request.Address?.Trim()), "address", "A valid email address.")
            .OneOf("kind", request.Kind, MailSuppressions.Kinds)
            .MaxLength("detail", request.Detail, 500);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await store.SuppressAsync(request.Address!.Trim(), request.Kind!, request.Detail?.Trim() ?? "recorded by staff", cancellationToken));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> LiftAsync(
        SuppressionRequest request, MailSuppressions suppressions, CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(request.Address?.Trim()))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["address"] = ["A valid email address."] });
        }

        return await suppressions.LiftAsync(request.Address!.Trim(), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "This address is not suppressed.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>What validation found, or else the audience's organization resolved (null when it names none).</summary>
    private static async Task<Check> CheckAsync(FieldErrors errors, Audience? audience, OrganizationDirectory organizations, CancellationToken cancellationToken)
    {
        if (!errors.IsValid)
        {
            return new Check(TypedResults.ValidationProblem(errors.ToDictionary()), null, null);
        }

        if (audience?.OrganizationSlug is not { } slug)
        {
            return new Check(null, null, null);
        }

        try
        {
            return await organizations.ResolveSlugAsync(slug, cancellationToken) is { } id
                ? new Check(null, null, id)
                : new Check(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["audience.organizationSlug"] = ["No coalition member has this slug."] }), null, null);
        }
        catch (CoalitionUnavailableException)
        {
            return new Check(null, TypedResults.Problem(title: "Coalition members cannot be looked up right now; try again in a minute.", statusCode: StatusCodes.Status503ServiceUnavailable), null);
        }
    }

    private static async Task QueueTestAsync(NpgsqlDataSource dataSource, MailOutbox outbox, UpdateMail mail, string subject, string body, string to, CancellationToken cancellationToken)
    {
        // A stand-in recipient: the links work as a supporter's would, and lead nowhere.
        var sample = new Recipient(Guid.Empty, to, "Sam", "TESTLINK");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await MailOutbox.AddAsync(tx, mail.Create(subject, body, sample, test: true), cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
    }

    private static async Task<Results<Ok<UpdateView>, ValidationProblem, ProblemHttpResult>> ChangedAsync(
        Guid id, UpdateChange change, UpdateStore store, string conflict, CancellationToken cancellationToken) => change switch
    {
        UpdateChange.Done => TypedResults.Ok((await store.FindAsync(id, cancellationToken))!),
        UpdateChange.NotFound => NotFound(),
        _ => TypedResults.Problem(title: conflict, statusCode: StatusCodes.Status409Conflict),
    };

    private static ProblemHttpResult NotFound() => TypedResults.Problem(title: "No update with this id.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record AudienceSize(long Supporters);

/// <summary>What checking an update's request found: a problem to answer, or the audience's organization.</summary>
internal sealed record Check(ValidationProblem? Invalid, ProblemHttpResult? Unavailable, Guid? OrganizationId);
