using FlexPlatform.Content.Domain;
using FlexPlatform.Contracts.Content;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Text;
using Npgsql;

namespace FlexPlatform.Content.Data;

public sealed record PostSummary(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags);

public sealed record Post(string Slug, string Kind, string Title, string Summary, DateTimeOffset? PublishedAt, string[] Tags, string Author, string Html);

public sealed class PostStore(NpgsqlDataSource dataSource, MarkdownRenderer renderer, Outbox outbox, TimeProvider clock)
{
    private const string Columns = "slug, kind, title, summary, published_at, tags, author, body_html";

    /// <summary>Creates a draft; returns its slug, or null when the slug is taken.</summary>
    public async Task<string?> CreateDraftAsync(PostRequest request, CancellationToken cancellationToken)
    {
        var slug = request.Slug ?? Slugs.From(request.Title!, "post", 80);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO posts (id, slug, kind, title, summary, body_markdown, body_html, tags, author)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (slug) DO NOTHING
            """);
        foreach (var value in new object[] { Guid.CreateVersion7(), slug, request.Kind!, request.Title!.Trim(), request.Summary!.Trim(), request.Body!, renderer.ToHtml(request.Body!), (request.Tags ?? []).Distinct().ToArray(), request.Author!.Trim() })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? slug : null;
    }

    /// <summary>Publishes a draft with its PostPublished event; publishing again changes nothing. False when unknown.</summary>
    public async Task<bool> PublishAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var publish = new NpgsqlCommand(
            "UPDATE posts SET status = 'published', published_at = $2 WHERE slug = $1 AND status = 'draft' RETURNING id, kind, title", connection, tx);
        var now = clock.GetUtcNow();
        publish.Parameters.Add(new NpgsqlParameter { Value = slug });
        publish.Parameters.Add(new NpgsqlParameter { Value = now });
        PostPublished? published = null;
        await using (var reader = await publish.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                published = new PostPublished(reader.GetGuid(0), slug, reader.GetString(1), reader.GetString(2), now);
            }
        }

        if (published is null)
        {
            return await FindAsync(slug, includeDrafts: true, cancellationToken) is not null;
        }

        await outbox.AddAsync(tx, published, cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<PostSummary>> ListPublishedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM posts WHERE status = 'published' ORDER BY published_at DESC LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return (await ReadAsync(command, cancellationToken))
            .Select(p => new PostSummary(p.Slug, p.Kind, p.Title, p.Summary, p.PublishedAt, p.Tags)).ToList();
    }

    public async Task<Post?> FindAsync(string slug, bool includeDrafts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM posts WHERE slug = $1 AND ($2 OR status = 'published')");
        command.Parameters.Add(new NpgsqlParameter { Value = slug });
        command.Parameters.Add(new NpgsqlParameter { Value = includeDrafts });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<Post>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<Post>();
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(new Post(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<string[]>(5),
                reader.GetString(6), reader.GetString(7)));
        }

        return posts;
    }
}
