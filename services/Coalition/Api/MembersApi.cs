using FlexPlatform.Coalition.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FlexPlatform.Coalition.Api;

public sealed record MemberResponse(string Slug, string Name, string Kind, string Country, string Website, string Statement, long Supporters);

/// <summary>The public directory: approved members only, never their contacts.</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/coalition/members").WithTags("Coalition members").MapGet("/", ListAsync);
        return app;
    }

    public static async Task<Results<Ok<List<MemberResponse>>, ValidationProblem>> ListAsync(
        string? kind, string? country, string? q, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (kind is not null && !ApplicationRequest.Kinds.Contains(kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Unknown kind."] });
        }

        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["country"] = ["An ISO 3166-1 alpha-2 code is expected."] });
        }

        if (q is { Length: > 100 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["At most 100 characters."] });
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT o.slug, o.name, o.kind, o.country, o.website, o.statement,
                   (SELECT count(*) FROM member_supporters s WHERE s.code = o.code AND s.withdrawn_at IS NULL)
            FROM organizations o
            WHERE o.status = 'approved'
              AND ($1::text IS NULL OR o.kind = $1)
              AND ($2::text IS NULL OR o.country = $2)
              AND ($3::text IS NULL OR o.name ILIKE '%' || $3 || '%')
            ORDER BY o.name
            LIMIT 500
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)kind ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)country ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)EscapeLike(q) ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var members = new List<MemberResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new MemberResponse(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt64(6)));
        }

        return TypedResults.Ok(members);
    }

    private static string? EscapeLike(string? q) =>
        string.IsNullOrWhiteSpace(q) ? null : q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
