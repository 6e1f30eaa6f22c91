using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using FlexPlatform.Content.Mail;
using FlexPlatform.Content.Moderation;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Content.Api;

public sealed record SubmissionStatus(string Status);

/// <summary>Supporter stories ("lead by example"): submitted with consent, verified by mail, scored, moderated, then listed.</summary>
public static class StoriesApi
{
    private const long MaxBodyBytes = 32 * 1024;

    public static IEndpointRouteBuilder MapStoriesApi(this IEndpointRouteBuilder app)
    {
        var stories = app.MapGroup("/api/content/stories").WithTags("Stories");
        stories.MapGet("/", ListAsync)
            .WithSummary("List supporters' approved stories");
        stories.MapGet("/{slug}", GetAsync)
            .WithSummary("Read one approved story");
        stories.MapPost("/", SubmitAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Tell your story (confirmed by email, then reviewed)");
        stories.MapPost("/confirm", ConfirmAsync).WithMetadata(new RequestSizeLimitAttribute(4 * 1024))
            .WithSummary("Confirm a story with the mailed token");
        return app;
    }

    /// <summary>The answer is the same whoever submits; the story waits for its author's address to be verified.</summary>
    public static async Task<Results<Accepted<SubmissionStatus>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        StoryRequest request, HttpContext http, StoryStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (request.IsFromBot)
        {
            return TypedResults.Accepted((string?)null, new SubmissionStatus("pending"));
        }

        var token = Tokens.NewSecret();
        var mail = VerificationMails.Story(mailOptions.Value, request.Email!.Trim(), PlainText.Clean(request.FirstName!), token);
        if (await store.SubmitAsync(request, ClientAddress.FingerprintOf(http), token, mail, cancellationToken) is SubmitOutcome.TooMany)
        {
            return TypedResults.Problem(title: "Too many submissions from this address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        return TypedResults.Accepted((string?)null, new SubmissionStatus("pending"));
    }

    public static async Task<Results<Ok<SubmissionStatus>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        TokenRequest request, StoryStore store, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["The token from the mailed link is required."] });
        }

        return await store.ConfirmAsync(request.Token!, cancellationToken) is ConfirmOutcome.Confirmed confirmed
            ? TypedResults.Ok(new SubmissionStatus(confirmed.Status))
            : TypedResults.Problem(title: "Unknown or expired link.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<IReadOnlyList<StorySummary>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, StoryStore store, CancellationToken cancellationToken)
    {
        var errors = new ServiceDefaults.Validation.FieldErrors().Paging(page, pageSize);
        return errors.IsValid
            ? TypedResults.Ok(await store.ListPublishedAsync(page ?? 1, pageSize ?? 20, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    public static async Task<Results<Ok<Story>, ProblemHttpResult>> GetAsync(string slug, StoryStore store, CancellationToken cancellationToken) =>
        await store.FindPublishedAsync(slug, cancellationToken) is { } story
            ? TypedResults.Ok(story)
            : TypedResults.Problem(title: "No published story with this slug.", statusCode: StatusCodes.Status404NotFound);
}
