using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge.Api;

public sealed record PledgeAccepted(string Status);

public sealed record ConfirmRequest(string? Token);

public sealed record ConfirmResponse(Guid SupporterId, string ReferralCode);

public sealed record CountResponse(long Total, long Goal);

public static class PledgeApi
{
    public static IEndpointRouteBuilder MapPledgeApi(this IEndpointRouteBuilder app)
    {
        var pledges = app.MapGroup("/api/pledges").WithTags("Pledges");
        pledges.MapPost("/", SubmitAsync);
        pledges.MapPost("/confirm", ConfirmAsync);
        pledges.MapGet("/count", GetCountAsync);
        return app;
    }

    /// <summary>Take the pledge. The answer is the same whether or not the email was known.</summary>
    public static async Task<Results<Accepted<PledgeAccepted>, ValidationProblem>> SubmitAsync(
        PledgeRequest request, SupporterStore store, IMailSender mail, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await store.SubmitAsync(request, cancellationToken) is SubmitOutcome.SendConfirmation send)
        {
            await mail.SendAsync(ConfirmationMail.Create(mailOptions.Value, request.Email!.Trim(), send.FirstName, send.ConfirmToken, send.ManageToken), cancellationToken);
        }

        return TypedResults.Accepted((string?)null, new PledgeAccepted("pending"));
    }

    /// <summary>Confirm with the mailed token; confirming again answers the same and counts nothing twice.</summary>
    public static async Task<Results<Ok<ConfirmResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        ConfirmRequest request, SupporterStore store, PledgeCounter counter, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a confirmation token."] });
        }

        switch (await store.ConfirmAsync(request.Token!, cancellationToken))
        {
            case ConfirmOutcome.Confirmed confirmed:
                if (confirmed.Counted)
                {
                    await counter.OnTotalMovedAsync(1);
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

    public static async Task<Ok<CountResponse>> GetCountAsync(PledgeCounter counter, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=1";
        return TypedResults.Ok(new CountResponse(await counter.GetTotalAsync(cancellationToken), CounterOptions.Goal));
    }
}
