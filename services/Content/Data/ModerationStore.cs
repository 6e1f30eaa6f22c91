using Dapper;
using FlexPlatform.Content.Domain;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Content.Data;

/// <summary>An item waiting for a moderator, with the score and the reasons it got. Never the author's email.</summary>
public sealed record ModerationItem(Guid Id, string Type, string Status, string Title, string Body, int SpamScore, string[] Reasons, long Reports, DateTimeOffset SubmittedAt);

public enum Decision
{
    NotFound,
    Done,

    /// <summary>Not a thing a moderator can approve: still unverified by its author, or rejected.</summary>
    NotApprovable,
}

/// <summary>The moderators' queue over stories and comments: verified stories in review or held as spam, held or hidden comments.</summary>
public sealed class ModerationStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Held =
        """
        SELECT id, 'story' AS Type, status, title, body, coalesce(spam_score, 0) AS SpamScore, spam_reasons AS Reasons, 0::bigint AS Reports, submitted_at AS SubmittedAt
        FROM stories WHERE status IN ('in-review', 'spam')
        UNION ALL
        SELECT c.id, 'comment', c.status, 'On: ' || p.title, c.body, coalesce(c.spam_score, 0), c.spam_reasons,
               (SELECT count(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.verified_at IS NOT NULL), c.submitted_at
        FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.status IN ('in-review', 'hidden')
        """;

    /// <summary>One page of the queue, oldest first (ties by id, so pages never overlap), and how many wait in all.</summary>
    public async Task<(IReadOnlyList<ModerationItem> Page, long Total)> QueueAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT (SELECT count(*) FROM stories WHERE status IN ('in-review', 'spam'))
                 + (SELECT count(*) FROM comments WHERE status IN ('in-review', 'hidden'))
            """, cancellationToken: cancellationToken));
        var rows = (await connection.QueryAsync<ModerationItem>(new CommandDefinition(
            $"{Held} ORDER BY SubmittedAt, Id LIMIT @pageSize OFFSET @offset",
            new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken))).AsList();
        return (rows, total);
    }

    /// <summary>A story goes public; a comment is published again and its reports are cleared.</summary>
    public async Task<Decision> ApproveAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var story = await connection.QuerySingleOrDefaultAsync<StoryState>(new CommandDefinition(
            "SELECT title, status FROM stories WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: cancellationToken));
        if (story is { Status: "pending" or "rejected" })
        {
            return Decision.NotApprovable;
        }

        if (story is { } s)
        {
            if (s.Status is "in-review" or "spam")
            {
                var now = clock.GetUtcNow();
                var slug = $"{Slugs.From(s.Title, "story", 60)}-{Tokens.Fingerprint(id.ToString())[..6]}";
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE stories SET status = 'approved', slug = @slug, published_at = @now WHERE id = @id",
                    new { id, slug, now }, tx, cancellationToken: cancellationToken));
            }

            await tx.CommitAsync(cancellationToken);
            return Decision.Done;
        }

        var comment = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT status FROM comments WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: cancellationToken));
        switch (comment)
        {
            case null:
                return Decision.NotFound;
            case "pending" or "rejected":
                return Decision.NotApprovable;
            case "in-review" or "hidden":
                // Published again; the reports that hid it are answered by this decision.
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE comments SET status = 'published', published_at = coalesce(published_at, now()) WHERE id = @id;
                    DELETE FROM comment_reports WHERE comment_id = @id;
                    """, new { id }, tx, cancellationToken: cancellationToken));
                await tx.CommitAsync(cancellationToken);
                return Decision.Done;
            default:
                return Decision.Done; // already published: approving again changes nothing
        }
    }

    /// <summary>Rejected stories and comments never appear (an approved story is taken down); rejecting again changes nothing.</summary>
    public async Task<Decision> RejectAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            WITH s AS (UPDATE stories SET status = 'rejected' WHERE id = @id AND status IN ('in-review', 'spam', 'approved', 'rejected') RETURNING id),
                 c AS (UPDATE comments SET status = 'rejected', published_at = NULL WHERE id = @id AND status IN ('in-review', 'hidden', 'published', 'rejected') RETURNING id)
            SELECT EXISTS (SELECT 1 FROM s UNION ALL SELECT 1 FROM c)
            """, new { id }, cancellationToken: cancellationToken));
        return found ? Decision.Done : Decision.NotFound;
    }

    /// <summary>
    /// Gone for good, whatever its status: a story or a comment and the reports about it (rejecting keeps the row,
    /// hidden, for the record; deleting is for what must not be kept at all).
    /// </summary>
    public async Task<Decision> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The comment is locked first: a report arriving meanwhile waits, then finds no comment to report.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT 1 FROM comments WHERE id = @id FOR UPDATE;
            DELETE FROM comment_reports WHERE comment_id = @id;
            """, new { id }, tx, cancellationToken: cancellationToken));
        var found = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            WITH s AS (DELETE FROM stories WHERE id = @id RETURNING id),
                 c AS (DELETE FROM comments WHERE id = @id RETURNING id)
            SELECT EXISTS (SELECT 1 FROM s UNION ALL SELECT 1 FROM c)
            """, new { id }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return found ? Decision.Done : Decision.NotFound;
    }

    private sealed record StoryState(string Title, string Status);
}
