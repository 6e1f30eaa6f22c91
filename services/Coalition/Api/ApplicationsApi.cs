using FlexPlatform.Coalition.Data;
using FlexPlatform.Coalition.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Coalition.Api;

public sealed record ApplicationAccepted(Guid ApplicationId);

public sealed record ApprovalResponse(Guid ApplicationId, string Slug, string Code);

/// <summary>Applying to join, and moderation. Moderation is admin-only, here and at the gateway.</summary>
public static class ApplicationsApi
{
    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/coalition/applications").WithTags("Coalition applications");
        applications.MapPost("/", ApplyAsync);

        var moderation = applications.MapGroup("/").RequireAdmin();
        moderation.MapGet("/", ListPendingAsync);
        moderation.MapPost("/{id:guid}/approve", ApproveAsync);
        return app;
    }

    public static async Task<Results<Accepted<ApplicationAccepted>, ValidationProblem>> ApplyAsync(
        ApplicationRequest request, OrganizationStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Accepted((string?)null, new ApplicationAccepted(await store.ApplyAsync(request, cancellationToken)));
    }

    public static async Task<Ok<IReadOnlyList<PendingApplication>>> ListPendingAsync(OrganizationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListPendingAsync(cancellationToken));

    /// <summary>Approve: the organization gets a public slug and a pledge code. Approving twice answers the same.</summary>
    public static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, OrganizationStore store, CancellationToken cancellationToken) =>
        await store.ApproveAsync(id, cancellationToken) switch
        {
            ApprovalOutcome.Approved a => TypedResults.Ok(new ApprovalResponse(a.ApplicationId, a.Slug, a.Code)),
            ApprovalOutcome.AlreadyDecided d => TypedResults.Problem(title: $"The application was {d.Status}.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "No such application.", statusCode: StatusCodes.Status404NotFound),
        };
}
