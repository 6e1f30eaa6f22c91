using FlexPlatform.Domain;
using FlexPlatform.Pledge.Abuse;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Mail;
using FlexPlatform.Pledge.Organizations;
using FlexPlatform.ServiceDefaults.Abuse;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge.Api;

public sealed record PledgeAccepted(string Status);

public sealed record TokenRequest(string? Token);

public sealed record ConfirmResponse(Guid SupporterId, string ReferralCode);

/// <summary>Taking and confirming the pledge.</summary>
public static class PledgeApi
{
    public static RouteGroupBuilder MapPledgeApi(this IEndpointRouteBuilder app)
    {
        var pledges = app.MapGroup("/api/pledges").WithTags("Pledges");
        pledges.MapPost("/", SubmitAsync).WithMetadata(new RequestSizeLimitAttribute(AbuseOptions.MaxPledgeBodyBytes))
            .WithSummary("Take the pledge (confirmed by email)");
        pledges.MapPost("/confirm", ConfirmAsync).WithMetadata(new RequestSizeLimitAttribute(AbuseOptions.MaxPledgeBodyBytes))
            .WithSummary("Confirm a pledge with the mailed token");
        return pledges;
    }

    /// <summary>Take the pledge. The answer is the same whether or not the email was known.</summary>
    public static async Task<Results<Accepted<PledgeAccepted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        PledgeRequest request, PledgeWriter writer, EmailRateLimit emailLimit, OrganizationDirectory organizations,
        IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var accepted = TypedResults.Accepted((string?)null, new PledgeAccepted("pending"));
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (request.IsFromBot)
        {
            return accepted;
        }

        if (!await emailLimit.TryAcquireAsync(EmailAddress.Normalize(request.Email!.Trim())))
        {
            return TypedResults.Problem(
                title: "Too many pledges for this email address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        Guid? organizationId = null;
        if (request.OrganizationCode is { } code)
        {
            try
            {
                organizationId = await organizations.ResolveAsync(code, cancellationToken);
            }
            catch (CoalitionUnavailableException)
            {
                return TypedResults.Problem(
                    title: "Organization codes cannot be checked right now; try again in a minute.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (organizationId is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organizationCode"] = ["No coalition member has this code."] });
            }
        }

        var email = request.Email!.Trim();
        await writer.SubmitAsync(new PendingPledge(request, organizationId,
            send => ConfirmationMail.Create(mailOptions.Value, email, send.FirstName, send.ConfirmToken, send.ManageToken)), cancellationToken);
        return accepted;
    }

    /// <summary>Confirm with the mailed token; confirming again answers the same and counts nothing twice.</summary>
    public static async Task<Results<Ok<ConfirmResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        TokenRequest request, ConfirmationWriter confirmations, PledgeCounter counter, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a confirmation token."] });
        }

        switch (await confirmations.SubmitAsync(PendingConfirmation.For(request.Token!), cancellationToken))
        {
            case ConfirmOutcome.Confirmed confirmed:
                if (confirmed.Counted)
                {
                    await counter.PublishAfterCommitAsync();
                }

                return TypedResults.Ok(new ConfirmResponse(confirmed.SupporterId, confirmed.ReferralCode));
            case ConfirmOutcome.Expired:
                return TypedResults.Problem(
                    title: "This confirmation link has expired.",
                    detail: "Take the pledge again with the same email to get a new link.",
                    statusCode: StatusCodes.Status410Gone);
            default:
                return TypedResults.Problem(title: "Unknown confirmation token.", statusCode: StatusCodes.Status404NotFound);
        }
    }
}
