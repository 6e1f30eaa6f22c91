using Dapper;
using FlexPlatform.Coalition.Domain;
using Npgsql;

namespace FlexPlatform.Coalition.Data;

public sealed record MemberResponse(string Slug, string Name, string Kind, string Country, string Website, string Statement, long Supporters, bool Featured);

public sealed record CoalitionStats(long Members, IReadOnlyDictionary<string, long> ByKind, IReadOnlyDictionary<string, long> ByCountry, long Supporters);

public sealed record ResolvedCode(Guid Id, string Slug, string Name);

/// <summary>
/// The public directory's SQL: approved members only, never contacts. Supporters per member are the
/// confirmed, non-withdrawn people who pledged with its code (<see cref="SupporterCredits"/>).
/// </summary>
public sealed class MemberDirectory(NpgsqlDataSource dataSource)
{
    private const string MemberColumns =
        """
        o.slug, o.name, o.kind, o.country, o.website, o.statement,
        (SELECT count(*) FROM member_supporters s WHERE s.code = o.code AND s.withdrawn_at IS NULL) AS supporters,
        o.featured
        """;

    /// <summary>Search ranks by relevance (name weighs more than statement); without a query, featured first, then by name.</summary>
    public async Task<IReadOnlyList<MemberResponse>> ListAsync(MemberQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MemberResponse>(new CommandDefinition(
            $"""
            SELECT {MemberColumns}
            FROM organizations o
            WHERE o.status = 'approved'
              AND (@Kind::text IS NULL OR o.kind = @Kind)
              AND (@Country::text IS NULL OR o.country = @Country)
              AND (@Featured::boolean IS NULL OR o.featured = @Featured)
              AND (@q::text IS NULL OR o.search @@ websearch_to_tsquery('english', @q))
            ORDER BY CASE WHEN @q::text IS NULL THEN 0 ELSE ts_rank(o.search, websearch_to_tsquery('english', @q)) END DESC,
                     o.featured DESC, o.name, o.slug
            LIMIT @PageSize OFFSET @Offset
            """,
            new { query.Kind, query.Country, query.Featured, q = query.SearchText, query.PageSize, query.Offset },
            cancellationToken: cancellationToken))).AsList();
    }

    public async Task<MemberResponse?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MemberResponse>(new CommandDefinition(
            $"SELECT {MemberColumns} FROM organizations o WHERE o.slug = @slug AND o.status = 'approved'",
            new { slug }, cancellationToken: cancellationToken));
    }

    public async Task<CoalitionStats> StatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var groups = (await connection.QueryAsync<(string Kind, string Country, long Members)>(new CommandDefinition(
            "SELECT kind, country, count(*) FROM organizations WHERE status = 'approved' GROUP BY kind, country",
            cancellationToken: cancellationToken))).AsList();
        var supporters = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT count(*) FROM member_supporters s
            JOIN organizations o ON o.code = s.code AND o.status = 'approved'
            WHERE s.withdrawn_at IS NULL
            """, cancellationToken: cancellationToken));
        return new CoalitionStats(
            groups.Sum(g => g.Members),
            groups.GroupBy(g => g.Kind).ToDictionary(g => g.Key, g => g.Sum(x => x.Members), StringComparer.Ordinal),
            groups.GroupBy(g => g.Country.Trim()).ToDictionary(g => g.Key, g => g.Sum(x => x.Members), StringComparer.Ordinal),
            supporters);
    }

    /// <summary>For Pledge over gRPC: the approved member holding this code, if any.</summary>
    public async Task<ResolvedCode?> ResolveCodeAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ResolvedCode>(new CommandDefinition(
            "SELECT id, slug, name FROM organizations WHERE code = @code AND status = 'approved'", new { code }, cancellationToken: cancellationToken));
    }

    /// <summary>For Pledge over gRPC: the approved member with this slug, if any (an update's audience names members by slug).</summary>
    public async Task<ResolvedCode?> ResolveSlugAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ResolvedCode>(new CommandDefinition(
            "SELECT id, slug, name FROM organizations WHERE slug = @slug AND status = 'approved'", new { slug }, cancellationToken: cancellationToken));
    }
}
