using Dapper;
using FlexPlatform.Content.Domain;
using FlexPlatform.Content.Moderation;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Mail;
using Npgsql;

namespace FlexPlatform.Content.Data;

public sealed record StorySummary(string Slug, string Title, string Excerpt, string AuthorDisplayName, string Place, DateTimeOffset PublishedAt);

public sealed record Story(string Slug, string Title, string Excerpt, string AuthorDisplayName, string Place, DateTimeOffset PublishedAt, string Html);

public abstract record SubmitOutcome
{
    public sealed record Accepted : SubmitOutcome;

    public sealed record TooMany : SubmitOutcome;

    public sealed record NotFound : SubmitOutcome;
}

public abstract record ConfirmOutcome
{
    public sealed record Confirmed(string Status) : ConfirmOutcome;

    public sealed record Unknown : ConfirmOutcome;
}

/// <summary>Supporter stories' SQL: submitted, verified and scored, then listed once a moderator approved them.</summary>
public sealed class StoryStore(NpgsqlDataSource dataSource, MarkdownRenderer renderer, SupporterCheck supporters, MailOutbox mailOutbox, TimeProvider clock)
{
    /// <summary>Stores the story and queues its verification mail in the same transaction.</summary>
    public async Task<SubmitOutcome> SubmitAsync(
        StoryRequest request, string clientHash, string token, MailMessage verificationMail, CancellationToken cancellationToken)
    {
        var email = request.Email!.Trim();
        var normalized = EmailAddress.Normalize(email);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await SubmissionCounts.LockAndCountFromAddressAsync(tx, normalized, cancellationToken) >= SubmissionCounts.PerAddressPerHour)
        {
            return new SubmitOutcome.TooMany();
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stories (id, first_name, last_name, email, email_normalized, title, body, country, region, client_hash, token_hash, token_expires_at)
            VALUES (@id, @firstName, @lastName, @email, @normalized, @title, @body, @Country, @Region, @clientHash, @tokenHash, @expires)
            """,
            new
            {
                id = Guid.CreateVersion7(), firstName = PlainText.Clean(request.FirstName!), lastName = PlainText.Clean(request.LastName!), email, normalized,
                title = PlainText.Clean(request.Title!), body = PlainText.Clean(request.Body!), request.Country, request.Region, clientHash,
                tokenHash = Tokens.Hash(token), expires = clock.GetUtcNow() + Verification.Lifetime,
            }, tx, cancellationToken: cancellationToken));
        await MailOutbox.AddAsync(tx, verificationMail, cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return new SubmitOutcome.Accepted();
    }

    /// <summary>
    /// Verifies the address and scores the story: it waits for a moderator ('in-review') or is held as spam.
    /// Both answer "in-review" to the author. Confirming again answers the same and scores nothing twice.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var story = await connection.QuerySingleOrDefaultAsync<PendingRow>(new CommandDefinition(
            """
            SELECT id, email, email_normalized AS EmailNormalized, title || E'\n' || body AS Text, client_hash AS ClientHash, status
            FROM stories WHERE token_hash = @hash AND token_expires_at > now()
            """, new { hash = Tokens.Hash(token) }, cancellationToken: cancellationToken));
        if (story is null)
        {
            return new ConfirmOutcome.Unknown();
        }

        if (story.Status != "pending")
        {
            return new ConfirmOutcome.Confirmed("in-review");
        }

        // The call to Pledge runs before the transaction: no row stays locked across the network.
        var isSupporter = await supporters.IsConfirmedSupporterAsync(story.Email, cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var (fromAddress, fromClient) = await SubmissionCounts.ReadAsync(tx, story.EmailNormalized, story.ClientHash, cancellationToken);
        var verdict = SpamScorer.Score(new SpamSignals(story.Text, (int)fromAddress, (int)fromClient, isSupporter));
        // Only a story still pending is scored: a confirm that raced this one already decided it.
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE stories SET status = @status, spam_score = @Score, spam_reasons = @reasons, verified_at = now() WHERE id = @Id AND status = 'pending'",
            new { status = verdict.IsHeld ? "spam" : "in-review", verdict.Score, reasons = verdict.Reasons.ToArray(), story.Id }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return new ConfirmOutcome.Confirmed("in-review");
    }

    public async Task<IReadOnlyList<StorySummary>> ListPublishedAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoryRow>(new CommandDefinition(
            $"{StoryRow.Select} WHERE status = 'approved' ORDER BY published_at DESC LIMIT @pageSize OFFSET @offset",
            new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSummary()).ToList();
    }

    public async Task<Story?> FindPublishedAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoryRow>(new CommandDefinition(
            $"{StoryRow.Select} WHERE status = 'approved' AND slug = @slug", new { slug }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var summary = row.ToSummary();
        return new Story(summary.Slug, summary.Title, summary.Excerpt, summary.AuthorDisplayName, summary.Place, summary.PublishedAt, renderer.PlainToHtml(row.Body));
    }

    private sealed record PendingRow(Guid Id, string Email, string EmailNormalized, string Text, string ClientHash, string Status);

    // Only what may be public: first name and last initial, never the email.
    private sealed record StoryRow(string Slug, string Title, string Body, string FirstName, string LastName, string? Country, string? Region, DateTimeOffset PublishedAt)
    {
        public const string Select =
            "SELECT slug, title, body, first_name AS FirstName, last_name AS LastName, country, region, published_at AS PublishedAt FROM stories";

        public StorySummary ToSummary() => new(Slug, Title, Excerpt(Body), DisplayNames.Of(FirstName, LastName), DisplayNames.Place(Region, Country), PublishedAt);

        private static string Excerpt(string body)
        {
            if (body.Length <= 280)
            {
                return body;
            }

            var cut = body.LastIndexOf(' ', 279, 80);
            return body[..(cut > 0 ? cut : 280)] + "…";
        }
    }
}
