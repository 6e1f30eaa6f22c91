using FlexPlatform.Domain;
using FlexPlatform.Pledge.Abuse;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Mail;
using FlexPlatform.Pledge.Reads;
using FlexPlatform.ServiceDefaults.Abuse;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge.Api;

public sealed record WithdrawResponse(string Status);

public sealed record ManageLinkRequest(string? Email);

/// <summary>The manage token and whether its holder wants the movement's updates by mail.</summary>
public sealed record ConsentRequest(string? Token, bool? ConsentToUpdates);

/// <summary>
/// The private manage link: the token travels in a POST body, never in a URL, so it stays out of
/// access logs and browser history.
/// </summary>
public static class ManageApi
{
    public static RouteGroupBuilder MapManageApi(this RouteGroupBuilder pledges)
    {
        var limit = new RequestSizeLimitAttribute(AbuseOptions.MaxPledgeBodyBytes);
        pledges.MapPost("/manage", ShowAsync).WithMetadata(limit)
            .WithSummary("Show your pledge with your private manage token");
        pledges.MapPost("/withdraw", WithdrawAsync).WithMetadata(limit)
            .WithSummary("Withdraw your pledge");
        pledges.MapPost("/erase", EraseAsync).WithMetadata(limit)
            .WithSummary("Erase your personal data");
        pledges.MapPost("/consent", SetConsentAsync).WithMetadata(limit)
            .WithSummary("Start or stop the movement's updates by mail, with your private manage token");
        pledges.MapPost("/manage-link", SendManageLinkAsync).WithMetadata(limit)
            .WithSummary("Mail me my manage link");
        return pledges;
    }

    /// <summary>
    /// "Mail me my manage link": a new link to whoever pledged with this address (an imported supporter never had
    /// one). The answer is the same whether or not anyone did.
    /// </summary>
    public static async Task<Results<Accepted<PledgeAccepted>, ValidationProblem, ProblemHttpResult>> SendManageLinkAsync(
        ManageLinkRequest request, ManageStore store, EmailRateLimit emailLimit, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(request.Email?.Trim()))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["A valid email address."] });
        }

        var normalized = EmailAddress.Normalize(request.Email!.Trim());
        if (!await emailLimit.TryAcquireAsync(normalized))
        {
            return TypedResults.Problem(title: "Too many requests for this email address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        await store.SendManageLinkAsync(normalized, (to, firstName, token) => ManageLinkMail.Create(mailOptions.Value, to, firstName, token), cancellationToken);
        return TypedResults.Accepted((string?)null, new PledgeAccepted("sent-if-known"));
    }

    /// <summary>The holder's own pledge, to review before withdrawing or erasing.</summary>
    public static async Task<Results<Ok<ManagedPledge>, ValidationProblem, ProblemHttpResult>> ShowAsync(
        TokenRequest request, ManageStore store, CancellationToken cancellationToken)
    {
        if (Malformed(request) is { } invalid)
        {
            return invalid;
        }

        return await store.FindAsync(request.Token!, cancellationToken) is { } pledge ? TypedResults.Ok(pledge) : UnknownToken();
    }

    /// <summary>
    /// Consent given or withdrawn by its holder at once, no confirmation asked; the answer is the pledge as it now stands.
    /// Asking for updates on a withdrawn pledge is a 409.
    /// </summary>
    public static async Task<Results<Ok<ManagedPledge>, ValidationProblem, ProblemHttpResult>> SetConsentAsync(
        ConsentRequest request, ManageStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .When(!Tokens.IsWellFormed(request.Token), "token", "Not a manage token.")
            .When(request.ConsentToUpdates is null, "consentToUpdates", "Say true or false.");
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var pledge = await store.SetConsentAsync(request.Token!, request.ConsentToUpdates!.Value, cancellationToken);
        if (pledge is null)
        {
            return UnknownToken();
        }

        // Stopping is always possible; a withdrawn pledge is final and is never written to again.
        return request.ConsentToUpdates.Value && !pledge.ConsentToUpdates
            ? TypedResults.Problem(title: "A withdrawn pledge gets no updates.", statusCode: StatusCodes.Status409Conflict)
            : TypedResults.Ok(pledge);
    }

    /// <summary>Stop counting this supporter. Withdrawing again answers the same and changes nothing.</summary>
    public static async Task<Results<Ok<WithdrawResponse>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        TokenRequest request, ManageStore store, PledgeCounter counter, PublicReads reads, CancellationToken cancellationToken)
    {
        if (Malformed(request) is { } invalid)
        {
            return invalid;
        }

        if (await store.WithdrawAsync(request.Token!, cancellationToken) is not { } outcome)
        {
            return UnknownToken();
        }

        await AfterLeavingAsync(outcome, counter, reads);
        return TypedResults.Ok(new WithdrawResponse("withdrawn"));
    }

    /// <summary>Delete the supporter's personal data. The token dies with it, so a second call is a 404.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> EraseAsync(
        TokenRequest request, ManageStore store, PledgeCounter counter, PublicReads reads, CancellationToken cancellationToken)
    {
        if (Malformed(request) is { } invalid)
        {
            return invalid;
        }

        if (await store.EraseAsync(request.Token!, cancellationToken) is not { } outcome)
        {
            return UnknownToken();
        }

        await AfterLeavingAsync(outcome, counter, reads);
        return TypedResults.NoContent();
    }

    private static async Task AfterLeavingAsync(LeaveOutcome outcome, PledgeCounter counter, PublicReads reads)
    {
        if (outcome.StoppedCounting)
        {
            await counter.PublishAfterCommitAsync();
        }

        await reads.ForgetRecentAsync();
    }

    private static ValidationProblem? Malformed(TokenRequest request) =>
        Tokens.IsWellFormed(request.Token)
            ? null
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a manage token."] });

    private static ProblemHttpResult UnknownToken() =>
        TypedResults.Problem(title: "Unknown manage token.", statusCode: StatusCodes.Status404NotFound);
}
