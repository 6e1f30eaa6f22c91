using Dapper;
using FlexPlatform.Content.Domain;
using FlexPlatform.Domain.Text;
using Npgsql;

namespace FlexPlatform.Content.Data;

public sealed record PostSummary(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags);

public sealed record Post(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags, string Author, string Html,
    string Status, DateTimeOffset? PublishAt, DateTimeOffset UpdatedAt, string Body);

/// <summary>A post in the editors' list, whatever its state.</summary>
public sealed record EditorPost(string Slug, string Kind, string Title, string Status, DateTimeOffset? PublishedAt, DateTimeOffset? PublishAt, DateTimeOffset UpdatedAt);

public enum PublishOutcome
{
    NotFound,
    Published,
    Scheduled,

    /// <summary>A schedule for a post already published: refused, since nothing would happen then.</summary>
    AlreadyPublished,
}

/// <summary>Posts' SQL: drafts, edits, publishing now or later, and search over what is published.</summary>
public sealed class PostStore(NpgsqlDataSource dataSource, MarkdownRenderer renderer, TimeProvider clock)
{
    private const string Columns =
        "slug, kind, title, summary, published_at AS PublishedAt, tags, author, body_html AS Html, status, publish_at AS PublishAt, updated_at AS UpdatedAt, body_markdown AS Body";

    /// <summary>Creates a draft; returns its slug, or null when the slug is taken.</summary>
    public async Task<string?> CreateDraftAsync(PostRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertDraftAsync(connection, null, request, renderer, cancellationToken);
    }

    /// <summary>Also used by the news-draft consumers, inside their inbox transaction.</summary>
    internal static async Task<string?> InsertDraftAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, PostRequest request, MarkdownRenderer renderer, CancellationToken cancellationToken)
    {
        var slug = request.Slug ?? Slugs.From(request.Title!, "post", 80);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts (id, slug, kind, title, summary, body_markdown, body_html, tags, author)
            VALUES (@id, @slug, @Kind, @title, @summary, @Body, @html, @tags, @author) ON CONFLICT (slug) DO NOTHING
            """,
            new
            {
                id = Guid.CreateVersion7(), slug, request.Kind, title = PlainText.Clean(request.Title!), summary = PlainText.Clean(request.Summary!),
                request.Body, html = renderer.ToHtml(request.Body!), tags = (request.Tags ?? []).Distinct().ToArray(), author = PlainText.Clean(request.Author!),
            }, tx, cancellationToken: cancellationToken));
        return inserted == 1 ? slug : null;
    }

    /// <summary>Edits a post in any state; a published post stays published with its new text. False when unknown.</summary>
    public async Task<bool> UpdateAsync(string slug, PostRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE posts SET kind = @Kind, title = @title, summary = @summary, body_markdown = @Body, body_html = @html,
                             tags = @tags, author = @author, updated_at = now()
            WHERE slug = @slug
            """,
            new
            {
                slug, request.Kind, title = PlainText.Clean(request.Title!), summary = PlainText.Clean(request.Summary!), request.Body,
                html = renderer.ToHtml(request.Body!), tags = (request.Tags ?? []).Distinct().ToArray(), author = PlainText.Clean(request.Author!),
            }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Publishes now, or schedules for <paramref name="publishAt"/> when that is in
    /// the future. Publishing a published post again changes nothing.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(string slug, DateTimeOffset? publishAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (publishAt is { } at && at > now)
        {
            var scheduled = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE posts SET status = 'scheduled', publish_at = @at, updated_at = now() WHERE slug = @slug AND status <> 'published'",
                new { slug, at }, cancellationToken: cancellationToken));
            // A published post keeps its date: scheduling it says nothing would happen, so it is refused.
            return scheduled == 1 ? PublishOutcome.Scheduled
                : await ExistsAsync(connection, slug, cancellationToken) is PublishOutcome.Published ? PublishOutcome.AlreadyPublished : PublishOutcome.NotFound;
        }

        var published = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE posts SET status = 'published', published_at = @now, publish_at = NULL, updated_at = now()
            WHERE slug = @slug AND status <> 'published'
            """, new { slug, now }, cancellationToken: cancellationToken));
        return published == 1 ? PublishOutcome.Published : await ExistsAsync(connection, slug, cancellationToken);
    }

    /// <summary>Back to draft (a schedule is cancelled too). False when unknown.</summary>
    public async Task<bool> UnpublishAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE posts SET status = 'draft', publish_at = NULL, published_at = NULL, updated_at = now() WHERE slug = @slug",
            new { slug }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Publishes every scheduled post that is due, each once across replicas: the UPDATE claims only rows still
    /// 'scheduled', and SKIP LOCKED lets a second replica pass over rows another is publishing.
    /// </summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE posts SET status = 'published', published_at = now(), updated_at = now()
            WHERE id IN (SELECT id FROM posts WHERE status = 'scheduled' AND publish_at <= now() ORDER BY publish_at LIMIT 100 FOR UPDATE SKIP LOCKED)
              AND status = 'scheduled'
            """, cancellationToken: cancellationToken));
    }

    /// <summary>Published posts, newest first; with a query, ranked by relevance (title, then summary, then body).</summary>
    public async Task<IReadOnlyList<PostSummary>> ListPublishedAsync(PostQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PostSummary>(new CommandDefinition(
            """
            SELECT slug, kind, title, summary, published_at AS PublishedAt, tags
            FROM posts
            WHERE status = 'published'
              AND (@Kind::text IS NULL OR kind = @Kind)
              AND (@Tag::text IS NULL OR tags @> ARRAY[@Tag::text])
              AND (@q::text IS NULL OR search @@ websearch_to_tsquery('english', @q))
            ORDER BY CASE WHEN @q::text IS NULL THEN 0 ELSE ts_rank(search, websearch_to_tsquery('english', @q)) END DESC, published_at DESC
            LIMIT @PageSize OFFSET @Offset
            """,
            new { query.Kind, query.Tag, q = query.SearchText, query.PageSize, query.Offset }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Every post for its editors: drafts and scheduled ones first, then the rest, most recently changed first.</summary>
    public async Task<IReadOnlyList<EditorPost>> ListForEditorsAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<EditorPost>(new CommandDefinition(
            """
            SELECT slug, kind, title, status, published_at AS PublishedAt, publish_at AS PublishAt, updated_at AS UpdatedAt
            FROM posts
            ORDER BY status = 'published', updated_at DESC, slug
            LIMIT @pageSize OFFSET @offset
            """, new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>For the feeds: the newest published posts with their HTML.</summary>
    public async Task<IReadOnlyList<Post>> NewestPublishedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Post>(new CommandDefinition(
            $"SELECT {Columns} FROM posts WHERE status = 'published' ORDER BY published_at DESC LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<Post?> FindAsync(string slug, bool includeDrafts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Post>(new CommandDefinition(
            $"SELECT {Columns} FROM posts WHERE slug = @slug AND (@includeDrafts OR status = 'published')",
            new { slug, includeDrafts }, cancellationToken: cancellationToken));
    }

    private static async Task<PublishOutcome> ExistsAsync(NpgsqlConnection connection, string slug, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM posts WHERE slug = @slug)", new { slug }, cancellationToken: cancellationToken))
            ? PublishOutcome.Published
            : PublishOutcome.NotFound;
}
