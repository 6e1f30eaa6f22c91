using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using FlexPlatform.Content.Mail;
using FlexPlatform.Content.Moderation;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Content.Api;

/// <summary>Comments on posts: verified by mail, scored, published at once or held; readers report, three reporters hide.</summary>
public static class CommentsApi
{
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var onPost = app.MapGroup("/api/content/posts/{slug}/comments").WithTags("Comments");
        onPost.MapGet("/", ListAsync)
            .WithSummary("List the published comments on a post");
        onPost.MapPost("/", SubmitAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Comment on a post (confirmed by email)");

        var comments = app.MapGroup("/api/content/comments").WithTags("Comments").WithMetadata(new RequestSizeLimitAttribute(4 * 1024));
        comments.MapPost("/confirm", ConfirmAsync)
            .WithSummary("Confirm a comment with the mailed token");
        comments.MapPost("/{id:guid}/reports", ReportAsync)
            .WithSummary("Report a comment (confirmed by email)");
        comments.MapPost("/reports/confirm", ConfirmReportAsync)
            .WithSummary("Confirm a report with the mailed token");
        return app;
    }

    public static async Task<Results<Accepted<SubmissionStatus>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string slug, CommentRequest request, HttpContext http, CommentStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
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
        var outcome = await store.SubmitAsync(slug, request, ClientAddress.FingerprintOf(http), token,
            postTitle => VerificationMails.Comment(mailOptions.Value, request.Email!.Trim(), PlainText.Clean(request.DisplayName!), postTitle, token), cancellationToken);
        switch (outcome)
        {
            case SubmitOutcome.NotFound:
                return TypedResults.Problem(title: "No published post with this slug.", statusCode: StatusCodes.Status404NotFound);
            case SubmitOutcome.TooMany:
                return TypedResults.Problem(title: "Too many submissions from this address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        return TypedResults.Accepted((string?)null, new SubmissionStatus("pending"));
    }

    public static async Task<Results<Ok<SubmissionStatus>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        TokenRequest request, CommentStore store, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["The token from the mailed link is required."] });
        }

        return await store.ConfirmAsync(request.Token!, cancellationToken) is ConfirmOutcome.Confirmed confirmed
            ? TypedResults.Ok(new SubmissionStatus(confirmed.Status))
            : TypedResults.Problem(title: "Unknown or expired link.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<IReadOnlyList<PublishedComment>>, ProblemHttpResult>> ListAsync(string slug, CommentStore store, CancellationToken cancellationToken) =>
        await store.ListAsync(slug, cancellationToken) is { } comments
            ? TypedResults.Ok(comments)
            : TypedResults.Problem(title: "No published post with this slug.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// A reporter who gives an address is mailed a link and counts once they confirm it (one report per confirmed
    /// person); one who gives none is kept for moderators, known by a keyed hash of the client, and hides nothing.
    /// </summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ReportAsync(
        Guid id, ReportRequest request, HttpContext http, CommentStore store, KeyedHash hash, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var email = request.Email?.Trim();
        var reporter = email is null ? ClientAddress.FingerprintOf(http) : AuthorErasure.ReporterOf(hash, EmailAddress.Normalize(email));
        var token = Tokens.NewSecret();
        (string, Func<string, ServiceDefaults.Mail.MailMessage>)? verification = email is null
            ? null
            : (token, postTitle => VerificationMails.Report(mailOptions.Value, email, postTitle, token));
        return await store.ReportAsync(id, reporter, request.Reason!, verification, cancellationToken) switch
        {
            null => TypedResults.Problem(title: "No such comment.", statusCode: StatusCodes.Status404NotFound),
            false => TypedResults.Problem(title: "Too many reports from this address; try again later.", statusCode: StatusCodes.Status429TooManyRequests),
            true => TypedResults.Accepted((string?)null),
        };
    }

    /// <summary>The reporter's link: the report counts (again: the same answer).</summary>
    public static async Task<Results<Ok<SubmissionStatus>, ValidationProblem, ProblemHttpResult>> ConfirmReportAsync(
        TokenRequest request, CommentStore store, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a report token."] });
        }

        return await store.ConfirmReportAsync(request.Token!, cancellationToken) is ConfirmOutcome.Confirmed confirmed
            ? TypedResults.Ok(new SubmissionStatus(confirmed.Status))
            : TypedResults.Problem(title: "Unknown or expired report link.", statusCode: StatusCodes.Status404NotFound);
    }
}
