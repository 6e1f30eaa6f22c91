using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Clients;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.Engagement.Live;
using FlexPlatform.Engagement.Mail;
using FlexPlatform.ServiceDefaults.Abuse;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Engagement.Api;

public sealed record PetitionSummary(string Slug, string Title, string Summary, string Target, long Goal, long Signatures, string State, DateTimeOffset ClosesAt)
{
    public static PetitionSummary From(PetitionRow p, DateTimeOffset now) =>
        new(p.Slug, p.Title, p.Summary, p.Target, p.Goal, p.Signatures, Petition.State(p.ClosesAtUtc, p.GoalReachedAt is not null, now), p.ClosesAtUtc);
}

public sealed record PetitionDetail(
    string Slug, string Title, string Summary, string Target, long Goal, long Signatures, string State, DateTimeOffset ClosesAt,
    string Html, string? LegislationSlug, long SupporterSignatures, IReadOnlyDictionary<string, long> ByCountry, IReadOnlyDictionary<string, long> ByRegion);

public sealed record SignatureConfirmed(string Petition, long Signatures);

public sealed record InvalidationResponse(long Invalidated, long Signatures);

/// <summary>
/// What an invalidation would take: signatures that count now, and pending ones that never will, as of <c>AsOf</c>
/// (send it back as <c>signedUpTo</c> to invalidate exactly these).
/// </summary>
public sealed record InvalidationPreview(long Counted, long Pending, DateTimeOffset AsOf);

/// <summary>Petitions: verified signatures, exact live counts; admins create them and invalidate fraud.</summary>
public static class PetitionsApi
{
    public static IEndpointRouteBuilder MapPetitionsApi(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/engagement/petitions").WithTags("Petitions");
        petitions.MapGet("/", ListAsync)
            .WithSummary("List open and closed petitions");
        petitions.MapGet("/{slug}", GetAsync)
            .WithSummary("A petition with its signature count");
        petitions.MapGet("/{slug}/stream", SignatureStream.StreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("A petition's signature count as server-sent events");
        petitions.MapPost("/{slug}/signatures", SignAsync).WithMetadata(new RequestSizeLimitAttribute(EventsApi.MaxPublicBodyBytes))
            .WithSummary("Sign a petition (confirmed by email)");

        // Editors start petitions; signers' names and addresses are admins' only; invalidating fraud is moderation.
        var admin = petitions.MapGroup("").WithMetadata(new RequestSizeLimitAttribute(EventsApi.MaxAdminBodyBytes));
        admin.MapPost("/", CreateAsync).RequireEditor()
            .WithSummary("Start a petition");
        admin.MapPost("/{slug}/close", CloseAsync).RequireEditor()
            .WithSummary("Close signing now, before the petition's closing date");
        admin.MapGet("/{slug}/signatures", SignaturesAsync).RequireAdmin()
            .WithSummary("A petition's signatures, for delivery to its target");
        admin.MapPost("/{slug}/invalidations", InvalidateAsync).RequireModerator()
            .WithSummary("Invalidate signatures by domain, time window or one by one");
        admin.MapPost("/{slug}/invalidations/preview", PreviewInvalidationAsync).RequireModerator()
            .WithSummary("How many signatures an invalidation would take, changing nothing");

        app.MapGroup("/api/engagement/signatures").WithTags("Petitions")
            .MapPost("/confirm", ConfirmAsync).WithMetadata(new RequestSizeLimitAttribute(EventsApi.MaxPublicBodyBytes))
            .WithSummary("Confirm a signature with the mailed token");
        return app;
    }

    public static async Task<Results<Created<SlugResponse>, ValidationProblem>> CreateAsync(
        PetitionRequest request, PetitionStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate(clock.GetUtcNow());
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var slug = await store.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/engagement/petitions/{slug}", new SlugResponse(slug));
    }

    public static async Task<Ok<PetitionSummary[]>> ListAsync(PetitionStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await store.ListAsync(null, cancellationToken)).Select(p => PetitionSummary.From(p, now)).ToArray());
    }

    public static async Task<Results<Ok<PetitionDetail>, NotFound>> GetAsync(
        string slug, PetitionStore store, MarkdownRenderer markdown, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(slug, cancellationToken) is not { } p)
        {
            return TypedResults.NotFound();
        }

        var counts = await store.CountsAsync(p.Id, cancellationToken);
        var signatures = counts.ByCountry.Values.Sum();
        var state = Petition.State(p.ClosesAtUtc, p.GoalReachedAt is not null, clock.GetUtcNow());
        return TypedResults.Ok(new PetitionDetail(
            p.Slug, p.Title, p.Summary, p.Target, p.Goal, signatures, state, p.ClosesAtUtc,
            markdown.ToHtml(p.Body), p.LegislationSlug, counts.Supporters, counts.ByCountry, counts.ByRegion));
    }

    /// <summary>Sign. The answer is the same whether or not this email already signed; a closed petition is a 409.</summary>
    public static async Task<Results<Accepted<StatusResponse>, ValidationProblem, NotFound, ProblemHttpResult>> SignAsync(
        string slug, SignatureRequest request, PetitionStore store, EmailRateLimit emailLimit, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var accepted = TypedResults.Accepted((string?)null, new StatusResponse("pending"));
        if (request.IsFromBot)
        {
            return accepted;
        }

        if (!await emailLimit.TryAcquireAsync(EmailAddress.Normalize(request.Email!)))
        {
            return TypedResults.Problem(title: "Too many requests for this email address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var email = request.Email!.Trim();
        var outcome = await store.SignAsync(slug, request,
            send => EngagementMail.ConfirmSignature(mailOptions.Value, email, send.FirstName, send.PetitionTitle, send.ConfirmToken), cancellationToken);
        switch (outcome)
        {
            case SignOutcome.UnknownPetition:
                return TypedResults.NotFound();
            case SignOutcome.Closed:
                return TypedResults.Problem(title: "This petition is closed.", statusCode: StatusCodes.Status409Conflict);
        }

        return accepted;
    }

    /// <summary>Confirm a signature: counted once, recognized as a supporter's when Pledge knows the email.</summary>
    public static async Task<Results<Ok<SignatureConfirmed>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        TokenRequest request, PetitionStore store, SignatureBroadcaster live, SupporterDirectory supporters, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a signature token."] });
        }

        switch (await store.ConfirmAsync(request.Token!, cancellationToken))
        {
            case ConfirmSignatureOutcome.Confirmed confirmed:
                if (confirmed.Counted)
                {
                    if (await supporters.IsConfirmedSupporterAsync(confirmed.Email, cancellationToken))
                    {
                        await store.MarkSupporterAsync(confirmed.SignatureId, cancellationToken);
                    }

                    await live.NotifyAsync(confirmed.PetitionId);
                }

                return TypedResults.Ok(new SignatureConfirmed(confirmed.Slug, await store.CountAsync(confirmed.PetitionId, cancellationToken)));
            case ConfirmSignatureOutcome.Closed:
                return TypedResults.Problem(title: "This petition is closed.", statusCode: StatusCodes.Status409Conflict);
            case ConfirmSignatureOutcome.Expired:
                return TypedResults.Problem(title: "This link has expired.", detail: "Sign again with the same email to get a new link.", statusCode: StatusCodes.Status410Gone);
            default:
                return TypedResults.Problem(title: "Unknown signature token.", statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>Editors: signing stops now; the answer is the petition as it stands, "successful" if it reached its goal.</summary>
    public static async Task<Results<Ok<PetitionSummary>, NotFound, ProblemHttpResult>> CloseAsync(
        string slug, PetitionStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        switch (await store.CloseAsync(slug, cancellationToken))
        {
            case null:
                return TypedResults.NotFound();
            case false:
                return TypedResults.Problem(title: "This petition is already closed.", statusCode: StatusCodes.Status409Conflict);
        }

        var petition = await store.GetAsync(slug, cancellationToken);
        return TypedResults.Ok(PetitionSummary.From(petition!, clock.GetUtcNow()));
    }

    /// <summary>Admin: the signatures, newest first, to spot fraud.</summary>
    public static async Task<Results<Ok<IReadOnlyList<SignatureListItem>>, NotFound>> SignaturesAsync(
        string slug, PetitionStore store, CancellationToken cancellationToken) =>
        await store.SignaturesAsync(slug, cancellationToken) is { } signatures ? TypedResults.Ok(signatures) : TypedResults.NotFound();

    /// <summary>Moderators: how many signatures an invalidation would take, so staff see it before they do it.</summary>
    public static async Task<Results<Ok<InvalidationPreview>, ValidationProblem, NotFound>> PreviewInvalidationAsync(
        string slug, InvalidationRequest request, PetitionStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await store.PreviewInvalidationAsync(slug, request, cancellationToken) is var (counted, pending, asOf)
            ? TypedResults.Ok(new InvalidationPreview(counted, pending, asOf))
            : TypedResults.NotFound();
    }

    /// <summary>Admin: invalidate by email domain, by signing time window, or one by one; every count drops by exactly that many.</summary>
    public static async Task<Results<Ok<InvalidationResponse>, ValidationProblem, NotFound>> InvalidateAsync(
        string slug, InvalidationRequest request, PetitionStore store, SignatureBroadcaster live, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await store.InvalidateAsync(slug, request, cancellationToken) is not { } invalidated
            || await store.IdOfAsync(slug, cancellationToken) is not { } petitionId)
        {
            return TypedResults.NotFound();
        }

        await live.NotifyAsync(petitionId);
        return TypedResults.Ok(new InvalidationResponse(invalidated, await store.CountAsync(petitionId, cancellationToken)));
    }
}
