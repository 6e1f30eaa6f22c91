using Dapper;
using FlexPlatform.Content.Domain;
using FlexPlatform.Content.Moderation;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Mail;
using Npgsql;

namespace FlexPlatform.Content.Data;

public sealed record PublishedComment(Guid Id, string DisplayName, string Html, DateTimeOffset PublishedAt);

/// <summary>Comments' SQL: verified by mail, published at once unless the score holds them, hidden by three reporters.</summary>
public sealed class CommentStore(NpgsqlDataSource dataSource, MarkdownRenderer renderer, SupporterCheck supporters, MailOutbox mailOutbox, TimeProvider clock)
{
    /// <summary>Distinct reporters that hide a comment until a moderator decides.</summary>
    public const int ReportsToHide = 3;

    /// <summary>Stores the comment and queues its verification mail in the same transaction.</summary>
    /// <param name="verificationMail">Builds the mail from the post's title.</param>
    public async Task<SubmitOutcome> SubmitAsync(
        string postSlug, CommentRequest request, string clientHash, string token, Func<string, MailMessage> verificationMail, CancellationToken cancellationToken)
    {
        var email = request.Email!.Trim();
        var normalized = EmailAddress.Normalize(email);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var post = await connection.QuerySingleOrDefaultAsync<PostRow>(new CommandDefinition(
            "SELECT id, title FROM posts WHERE slug = @postSlug AND status = 'published'", new { postSlug }, cancellationToken: cancellationToken));
        if (post is not { } target)
        {
            return new SubmitOutcome.NotFound();
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await SubmissionCounts.LockAndCountFromAddressAsync(tx, normalized, cancellationToken) >= SubmissionCounts.PerAddressPerHour)
        {
            return new SubmitOutcome.TooMany();
        }

        var body = PlainText.Clean(request.Body!);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO comments (id, post_id, display_name, email, email_normalized, body, body_html, client_hash, token_hash, token_expires_at)
            VALUES (@id, @postId, @displayName, @email, @normalized, @body, @html, @clientHash, @tokenHash, @expires)
            """,
            new
            {
                id = Guid.CreateVersion7(), postId = target.Id, displayName = PlainText.Clean(request.DisplayName!), email, normalized, body,
                html = renderer.PlainToHtml(body), clientHash, tokenHash = Tokens.Hash(token), expires = clock.GetUtcNow() + Verification.Lifetime,
            }, tx, cancellationToken: cancellationToken));
        await MailOutbox.AddAsync(tx, verificationMail(target.Title), cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return new SubmitOutcome.Accepted();
    }

    /// <summary>
    /// Verifies and scores: published at once when low, held for review when high. Confirming again answers the same.
    /// The supporter check (a call to Pledge) runs before any transaction: no row stays locked across the network.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var comment = await connection.QuerySingleOrDefaultAsync<PendingRow>(new CommandDefinition(
            """
            SELECT id, email, email_normalized AS EmailNormalized, body AS Text, client_hash AS ClientHash, status
            FROM comments WHERE token_hash = @hash AND token_expires_at > now()
            """, new { hash = Tokens.Hash(token) }, cancellationToken: cancellationToken));
        if (comment is null)
        {
            return new ConfirmOutcome.Unknown();
        }

        if (comment.Status != "pending")
        {
            return Answered(comment.Status);
        }

        var isSupporter = await supporters.IsConfirmedSupporterAsync(comment.Email, cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var (fromAddress, fromClient) = await SubmissionCounts.ReadAsync(tx, comment.EmailNormalized, comment.ClientHash, cancellationToken);
        var verdict = SpamScorer.Score(new SpamSignals(comment.Text, (int)fromAddress, (int)fromClient, isSupporter));
        var status = verdict.IsHeld ? "in-review" : "published";
        // Only a comment still pending is scored: a confirm that raced this one already decided it.
        var decided = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            UPDATE comments SET status = @status, spam_score = @Score, spam_reasons = @reasons, verified_at = now(),
                                published_at = CASE WHEN @status = 'published' THEN now() END
            WHERE id = @Id AND status = 'pending'
            RETURNING status
            """,
            new { status, verdict.Score, reasons = verdict.Reasons.ToArray(), comment.Id }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return Answered(decided ?? await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT status FROM comments WHERE id = @Id", new { comment.Id }, cancellationToken: cancellationToken)));
    }

    private static ConfirmOutcome.Confirmed Answered(string status) => new(status == "published" ? "published" : "in-review");

    /// <summary>Published comments of a published post, oldest first; null when there is no such post.</summary>
    public async Task<IReadOnlyList<PublishedComment>?> ListAsync(string postSlug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var postId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM posts WHERE slug = @postSlug AND status = 'published'", new { postSlug }, cancellationToken: cancellationToken));
        if (postId is null)
        {
            return null;
        }

        return (await connection.QueryAsync<PublishedComment>(new CommandDefinition(
            """
            SELECT id, display_name AS DisplayName, body_html AS Html, published_at AS PublishedAt
            FROM comments WHERE post_id = @postId AND status = 'published' ORDER BY published_at LIMIT 500
            """, new { postId }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Report mails one address may cause per hour: a report mails its reporter, so it must not become a way to mail someone else.</summary>
    public const int ReportMailsPerAddressPerHour = 10;

    /// <summary>
    /// One report per reporter per comment. A report with an address waits for its reporter to confirm it from the
    /// mailed link (<see cref="ConfirmReportAsync"/>); one without stays unverified, seen by moderators, never hiding
    /// anything. Null when no such visible comment exists; false when the address has caused too many report mails.
    /// </summary>
    public async Task<bool?> ReportAsync(
        Guid commentId, string reporterHash, string reason, (string Token, Func<string, MailMessage> Mail)? verification, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var comment = await connection.QuerySingleOrDefaultAsync<(string Status, string PostTitle)?>(new CommandDefinition(
            "SELECT c.status, p.title FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = @commentId FOR UPDATE OF c",
            new { commentId }, tx, cancellationToken: cancellationToken));
        if (comment is not { Status: "published" or "hidden" or "in-review" } found)
        {
            return null;
        }

        if (verification is not { } verify)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO comment_reports (comment_id, reporter_hash, reason) VALUES (@commentId, @reporterHash, @reason) ON CONFLICT DO NOTHING",
                new { commentId, reporterHash, reason }, tx, cancellationToken: cancellationToken));
            await tx.CommitAsync(cancellationToken);
            return true;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('reports:' || @reporterHash, 0))", new { reporterHash }, tx, cancellationToken: cancellationToken));
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM comment_reports WHERE reporter_hash = @reporterHash AND token_hash IS NOT NULL AND reported_at > now() - interval '1 hour'",
                new { reporterHash }, tx, cancellationToken: cancellationToken)) >= ReportMailsPerAddressPerHour)
        {
            return false;
        }

        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO comment_reports (comment_id, reporter_hash, reason, token_hash, token_expires_at)
            VALUES (@commentId, @reporterHash, @reason, @hash, @expires) ON CONFLICT DO NOTHING
            """,
            new { commentId, reporterHash, reason, hash = Tokens.Hash(verify.Token), expires = clock.GetUtcNow() + Verification.Lifetime },
            tx, cancellationToken: cancellationToken));
        if (added == 1)
        {
            await MailOutbox.AddAsync(tx, verify.Mail(found.PostTitle), cancellationToken);
        }

        await mailOutbox.CommitAsync(tx, cancellationToken);
        return true;
    }

    /// <summary>
    /// The reporter confirmed: the report counts, and at <see cref="ReportsToHide"/> confirmed reporters a published
    /// comment is hidden and waits for a moderator. Confirming again answers the same.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmReportAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var report = await connection.QuerySingleOrDefaultAsync<(Guid CommentId, DateTime? VerifiedAt, DateTime ExpiresAt)?>(new CommandDefinition(
            "SELECT comment_id, verified_at, token_expires_at FROM comment_reports WHERE token_hash = @hash", new { hash }, tx, cancellationToken: cancellationToken));
        switch (report)
        {
            case null:
                return new ConfirmOutcome.Unknown();
            case { VerifiedAt: not null }:
                return new ConfirmOutcome.Confirmed("counted");
            case { } expired when expired.ExpiresAt <= clock.GetUtcNow().UtcDateTime:
                return new ConfirmOutcome.Unknown();
        }

        // The comment's row first, as a report does: confirmations of one comment count one after another.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT 1 FROM comments WHERE id = @commentId FOR UPDATE", new { report.Value.CommentId }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE comment_reports SET verified_at = now() WHERE token_hash = @hash", new { hash }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE comments SET status = 'hidden'
            WHERE id = @commentId AND status = 'published'
              AND (SELECT count(*) FROM comment_reports WHERE comment_id = @commentId AND verified_at IS NOT NULL) >= @ReportsToHide
            """, new { report.Value.CommentId, ReportsToHide }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return new ConfirmOutcome.Confirmed("counted");
    }

    private sealed record PostRow(Guid Id, string Title);

    private sealed record PendingRow(Guid Id, string Email, string EmailNormalized, string Text, string ClientHash, string Status);
}
