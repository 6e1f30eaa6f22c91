using FlexPlatform.Coalition.Data;
using FlexPlatform.Coalition.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Coalition.Api;

/// <summary>The public directory (approved members only, never their contacts) and the moderators' member actions.</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/coalition/members").WithTags("Coalition members");
        members.MapGet("/", ListAsync)
            .WithSummary("Search the member directory by kind, country or words");
        members.MapGet("/{slug}", GetAsync)
            .WithSummary("A member's page");

        var moderation = members.MapGroup("/{slug}").RequireModerator();
        moderation.MapPost("/feature", FeatureAsync)
            .WithSummary("Feature a member in the directory");
        moderation.MapPost("/unfeature", UnfeatureAsync)
            .WithSummary("Stop featuring a member");
        moderation.MapPost("/remove", RemoveAsync)
            .WithSummary("Remove a member from the coalition");

        app.MapGet("/api/coalition/stats", StatsAsync).WithTags("Coalition members")
            .WithSummary("Members by kind and country");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<MemberResponse>>, ValidationProblem>> ListAsync(
        string? kind, string? country, string? q, bool? featured, int? page, int? pageSize, MemberDirectory directory, CancellationToken cancellationToken)
    {
        var query = new MemberQuery(kind, country, q, featured, page ?? 1, pageSize ?? 50);
        var errors = query.Validate();
        return errors.IsValid
            ? TypedResults.Ok(await directory.ListAsync(query, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    public static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> GetAsync(string slug, MemberDirectory directory, CancellationToken cancellationToken) =>
        await directory.FindAsync(slug, cancellationToken) is { } member
            ? TypedResults.Ok(member)
            : TypedResults.Problem(title: "No coalition member with this slug.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<Ok<CoalitionStats>> StatsAsync(MemberDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.StatsAsync(cancellationToken));

    public static Task<Results<Ok, ProblemHttpResult>> FeatureAsync(string slug, OrganizationStore store, CancellationToken cancellationToken) =>
        SetFeaturedAsync(slug, true, store, cancellationToken);

    public static Task<Results<Ok, ProblemHttpResult>> UnfeatureAsync(string slug, OrganizationStore store, CancellationToken cancellationToken) =>
        SetFeaturedAsync(slug, false, store, cancellationToken);

    private static async Task<Results<Ok, ProblemHttpResult>> SetFeaturedAsync(string slug, bool featured, OrganizationStore store, CancellationToken cancellationToken) =>
        await store.SetFeaturedAsync(slug, featured, cancellationToken)
            ? TypedResults.Ok()
            : TypedResults.Problem(title: "No coalition member with this slug.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<Results<Ok, ProblemHttpResult>> RemoveAsync(string slug, OrganizationStore store, CancellationToken cancellationToken) =>
        await store.RemoveAsync(slug, cancellationToken)
            ? TypedResults.Ok()
            : TypedResults.Problem(title: "No coalition member with this slug.", statusCode: StatusCodes.Status404NotFound);
}
