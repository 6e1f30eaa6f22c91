using FlexPlatform.Coalition.Data;
using FlexPlatform.Coalition.Domain;
using FlexPlatform.Coalition.Mail;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Coalition.Api;

public sealed record ApplicationAccepted(Guid ApplicationId);

public sealed record ApprovalResponse(Guid ApplicationId, string Slug, string Code);

public sealed record TokenRequest(string? Token);

public sealed record ConfirmationResponse(string Status);

/// <summary>Applying to join, and moderation. Moderation is admin-only, here and at the gateway.</summary>
public static class ApplicationsApi
{
    private const long MaxBodyBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/coalition/applications").WithTags("Coalition applications")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        applications.MapPost("/", ApplyAsync)
            .WithSummary("Apply to join the coalition (confirmed by email, then reviewed)");
        applications.MapPost("/confirm", ConfirmAsync)
            .WithSummary("Confirm an application's contact address with the mailed token");

        var moderation = applications.MapGroup("/").RequireModerator();
        moderation.MapGet("/", ListPendingAsync)
            .WithSummary("List applications waiting for review");
        moderation.MapPost("/{id:guid}/approve", ApproveAsync)
            .WithSummary("Approve an application: the organization becomes a member");
        moderation.MapPost("/{id:guid}/reject", RejectAsync)
            .WithSummary("Reject an application with a reason");
        return app;
    }

    /// <summary>Apply: the contact gets a confirmation link; only a confirmed application reaches the moderators.</summary>
    public static async Task<Results<Accepted<ApplicationAccepted>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ApplicationRequest request, OrganizationStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // A bot that filled the hidden field is told the same as a person, and nothing is stored or mailed.
        if (request.IsFromBot)
        {
            return TypedResults.Accepted((string?)null, new ApplicationAccepted(Guid.CreateVersion7()));
        }

        var id = await store.ApplyAsync(request,
            token => ApplicationMails.Confirm(mailOptions.Value, request.ContactEmail!.Trim(), request.ContactName!.Trim(), request.Name!.Trim(), token),
            cancellationToken);
        return id is { } applied
            ? TypedResults.Accepted((string?)null, new ApplicationAccepted(applied))
            : TypedResults.Problem(title: "Too many applications from this contact address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The contact's link: the application joins the moderators' queue (again: the same answer).</summary>
    public static async Task<Results<Ok<ConfirmationResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        TokenRequest request, OrganizationStore store, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a confirmation token."] });
        }

        return await store.ConfirmAsync(request.Token!, cancellationToken) switch
        {
            ConfirmationOutcome.Confirmed => TypedResults.Ok(new ConfirmationResponse("in-review")),
            ConfirmationOutcome.Expired => TypedResults.Problem(title: "This link has expired; please apply again.", statusCode: StatusCodes.Status410Gone),
            _ => TypedResults.Problem(title: "Unknown confirmation link.", statusCode: StatusCodes.Status404NotFound),
        };
    }

    /// <summary>The queue, a page at a time (<c>X-Total-Count</c> says how many wait), oldest confirmation first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<PendingApplication>>, ValidationProblem>> ListPendingAsync(
        int? page, int? pageSize, OrganizationStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (applications, total) = await store.ListPendingAsync(page ?? 1, pageSize ?? 50, cancellationToken);
        response.SetTotalCount(total);
        return TypedResults.Ok(applications);
    }

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
