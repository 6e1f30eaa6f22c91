using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Engagement.Api;

public sealed record LegislationSummary(
    string Slug, string Title, string Jurisdiction, string BillNumber, string Stage, string Position, string Summary, DateTimeOffset UpdatedAt)
{
    public static LegislationSummary From(LegislationRow b) =>
        new(b.Slug, b.Title, b.Jurisdiction, b.BillNumber, b.Stage, b.Position, b.Summary, new DateTimeOffset(DateTime.SpecifyKind(b.UpdatedAt, DateTimeKind.Utc)));
}

public sealed record LegislationActionResponse(string Stage, string Note, DateOnly OccurredOn);

public sealed record LegislationDetail(
    string Slug, string Title, string Jurisdiction, string BillNumber, string Stage, string Position, string Summary, DateTimeOffset UpdatedAt,
    string? Url, IReadOnlyList<LegislationActionResponse> Actions, IReadOnlyList<PetitionSummary> Petitions, IReadOnlyList<EventSummary> Events);

/// <summary>The legislation tracker: bills, their stage and history, and the petitions and events that act on them.</summary>
public static class LegislationApi
{
    public static IEndpointRouteBuilder MapLegislationApi(this IEndpointRouteBuilder app)
    {
        var legislation = app.MapGroup("/api/engagement/legislation").WithTags("Legislation");
        legislation.MapGet("/", ListAsync)
            .WithSummary("List tracked bills by jurisdiction");
        legislation.MapGet("/{slug}", GetAsync)
            .WithSummary("A bill with its actions so far");

        var admin = legislation.MapGroup("").RequireEditor().WithMetadata(new RequestSizeLimitAttribute(EventsApi.MaxAdminBodyBytes));
        admin.MapPost("/", CreateAsync)
            .WithSummary("Track a bill");
        admin.MapPost("/{slug}/actions", AddActionAsync)
            .WithSummary("Record an action on a bill (it may advance the bill's stage)");
        return app;
    }

    public static async Task<Results<Created<SlugResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        LegislationRequest request, LegislationStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await store.CreateAsync(request, cancellationToken) is { } slug
            ? TypedResults.Created($"/api/engagement/legislation/{slug}", new SlugResponse(slug))
            : TypedResults.Problem(title: "This bill is already tracked in this jurisdiction.", statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>Record what happened to a bill: its stage moves and the step joins its history.</summary>
    public static async Task<Results<Ok<SlugResponse>, ValidationProblem, NotFound>> AddActionAsync(
        string slug, LegislationActionRequest request, LegislationStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate(clock.GetUtcNow());
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await store.AddActionAsync(slug, request, cancellationToken) ? TypedResults.Ok(new SlugResponse(slug)) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<LegislationSummary[]>, ValidationProblem>> ListAsync(
        string? jurisdiction, LegislationStore store, CancellationToken cancellationToken)
    {
        if (jurisdiction is not null && !Legislation.IsJurisdiction(jurisdiction))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["jurisdiction"] = ["An ISO 3166-1 or 3166-2 code such as US, US-CA or GB."] });
        }

        return TypedResults.Ok((await store.ListAsync(jurisdiction, cancellationToken)).Select(LegislationSummary.From).ToArray());
    }

    public static async Task<Results<Ok<LegislationDetail>, NotFound>> GetAsync(
        string slug, LegislationStore store, PetitionStore petitions, EventStore events, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(slug, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var b = found.Bill;
        return TypedResults.Ok(new LegislationDetail(
            b.Slug, b.Title, b.Jurisdiction, b.BillNumber, b.Stage, b.Position, b.Summary, new DateTimeOffset(DateTime.SpecifyKind(b.UpdatedAt, DateTimeKind.Utc)), b.Url,
            found.Actions.Select(a => new LegislationActionResponse(a.Stage, a.Note, a.OccurredOnDate)).ToArray(),
            (await petitions.ListAsync(slug, cancellationToken)).Select(p => PetitionSummary.From(p, now)).ToArray(),
            (await events.ForLegislationAsync(slug, cancellationToken)).Select(EventSummary.From).ToArray()));
    }
}
