using FlexPlatform.Coalition.Data;
using FlexPlatform.Coalition.Domain;
using FlexPlatform.Coalition.Mail;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Coalition.Api;

public sealed record ApplicationAccepted(Guid ApplicationId);

public sealed record ApprovalResponse(Guid ApplicationId, string Slug, string Code);

/// <summary>Applying to join, and moderation. Moderation is admin-only, here and at the gateway.</summary>
public static class ApplicationsApi
{
    private const long MaxBodyBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/coalition/applications").WithTags("Coalition applications")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        applications.MapPost("/", ApplyAsync);

        var moderation = applications.MapGroup("/").RequireAdmin();
        moderation.MapGet("/", ListPendingAsync);
        moderation.MapPost("/{id:guid}/approve", ApproveAsync);
        moderation.MapPost("/{id:guid}/reject", RejectAsync);
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

    /// <summary>Approve: the organization gets a public slug and a pledge code, mailed to its contact. Approving twice answers the same.</summary>
    public static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, OrganizationStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var outcome = await store.ApproveAsync(id,
            (contact, approved) => DecisionMails.Approved(mailOptions.Value, contact.ContactEmail, contact.ContactName, contact.Name, approved.Slug, approved.Code),
            cancellationToken);
        switch (outcome)
        {
            case ApprovalOutcome.Approved a:
                return TypedResults.Ok(new ApprovalResponse(a.ApplicationId, a.Slug, a.Code));
            case ApprovalOutcome.AlreadyDecided d:
                return TypedResults.Problem(title: $"The application was {d.Status}.", statusCode: StatusCodes.Status409Conflict);
            default:
                return TypedResults.Problem(title: "No such application.", statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>Reject with a reason the contact is mailed. Rejecting twice answers the same and mails once.</summary>
    public static async Task<Results<Ok, ValidationProblem, ProblemHttpResult>> RejectAsync(
        Guid id, RejectionRequest request, OrganizationStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var reason = request.Reason!.Trim();
        var outcome = await store.RejectAsync(id, reason,
            contact => DecisionMails.Rejected(contact.ContactEmail, contact.ContactName, contact.Name, reason), cancellationToken);
        switch (outcome)
        {
            case RejectionOutcome.Rejected:
                return TypedResults.Ok();
            case RejectionOutcome.AlreadyDecided d:
                return TypedResults.Problem(title: $"The application was {d.Status}.", statusCode: StatusCodes.Status409Conflict);
            default:
                return TypedResults.Problem(title: "No such application.", statusCode: StatusCodes.Status404NotFound);
        }
    }
}
