using Dapper;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Domain;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public sealed record IdeaRow(string Slug, string Title, string Summary, string Body);

/// <summary>Ideas to get involved: short admin-written pieces in the order the admins gave them.</summary>
public sealed class IdeaStore(NpgsqlDataSource dataSource)
{
    public async Task<string> CreateAsync(IdeaRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var slug = Slugs.From(request.Title!, "idea");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM ideas WHERE slug = @slug)", new { slug }, cancellationToken: cancellationToken)))
        {
            slug += "-" + id.ToString("N")[^6..];
        }

        // Without a position an idea goes last.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO ideas (id, slug, title, summary, body, position)
            VALUES (@id, @slug, @Title, @Summary, @Body, coalesce(@Position, (SELECT coalesce(max(position), 0) + 1 FROM ideas)))
            """, new { id, slug, Title = request.Title!.Trim(), Summary = request.Summary!.Trim(), request.Body, request.Position },
            cancellationToken: cancellationToken));
        return slug;
    }

    public async Task<IReadOnlyList<IdeaRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<IdeaRow>(new CommandDefinition(
            "SELECT slug, title, summary, body FROM ideas ORDER BY position, created_at LIMIT 500", cancellationToken: cancellationToken))).AsList();
    }
}
