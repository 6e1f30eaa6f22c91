using FlexPlatform.Pledge.Abuse;
using FlexPlatform.Pledge.Updates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Pledge.Api;

/// <summary>Whether the supporter now gets updates by mail.</summary>
public sealed record UpdatesConsent(bool ConsentToUpdates);

/// <summary>
/// The links in every update: stop updates in one click, no login and no confirmation (the web page at
/// <c>/unsubscribe</c>, which mailbox providers POST to for RFC 8058's one-click, calls this), or start them again.
/// The token is the mail's unsubscribe token, not the manage token.
/// </summary>
public static class UnsubscribeApi
{
    public static RouteGroupBuilder MapUnsubscribeApi(this RouteGroupBuilder pledges)
    {
        var limit = new RequestSizeLimitAttribute(AbuseOptions.MaxPledgeBodyBytes);
        pledges.MapPost("/unsubscribe", UnsubscribeAsync).WithMetadata(limit)
            .WithSummary("Stop updates by mail, with the token of an update's unsubscribe link");
        pledges.MapPost("/resubscribe", ResubscribeAsync).WithMetadata(limit)
            .WithSummary("Start updates by mail again, with the token of an update's unsubscribe link");
        return pledges;
    }

    public static Task<Results<Ok<UpdatesConsent>, ValidationProblem, ProblemHttpResult>> UnsubscribeAsync(
        TokenRequest request, UnsubscribeTokens tokens, UpdateStore store, CancellationToken cancellationToken) =>
        SetAsync(request, consent: false, tokens, store, cancellationToken);

    /// <summary>
    /// Undoes a stop made with the same link within a day; anything else (a withdrawn pledge, a stop made on the manage
    /// page or long ago) is a 409: the manage link starts updates again, not a mail that may have been forwarded.
    /// </summary>
    public static Task<Results<Ok<UpdatesConsent>, ValidationProblem, ProblemHttpResult>> ResubscribeAsync(
        TokenRequest request, UnsubscribeTokens tokens, UpdateStore store, CancellationToken cancellationToken) =>
        SetAsync(request, consent: true, tokens, store, cancellationToken);

    private static async Task<Results<Ok<UpdatesConsent>, ValidationProblem, ProblemHttpResult>> SetAsync(
        TokenRequest request, bool consent, UnsubscribeTokens tokens, UpdateStore store, CancellationToken cancellationToken)
    {
        if (!UnsubscribeTokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not an unsubscribe token."] });
        }

        // A token made with another key and one whose supporter was erased answer alike.
        var now = tokens.Read(request.Token) is { } supporterId ? await store.SetConsentAsync(supporterId, consent, cancellationToken) : null;
        return now switch
        {
            null => TypedResults.Problem(title: "Unknown unsubscribe link.", statusCode: StatusCodes.Status404NotFound),
            false when consent => TypedResults.Problem(
                title: "This link cannot start the updates again: it only undoes its own stop within a day, and a withdrawn pledge gets none. Your manage link can.",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Ok(new UpdatesConsent(now.Value)),
        };
    }
}
