using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace FlexPlatform.Pledge.Reads;

/// <summary>A supporter who agreed to hear from the movement, as the export lists them.</summary>
public sealed record ConsentingSupporter(
    string Email, string FirstName, string LastName, string Country, string? Region, string? PostalCode, DateTime PledgedAt, DateTime? ConfirmedAt);

/// <summary>
/// Every confirmed supporter who consented to updates, oldest first, read as it is written out: rows come off the
/// socket one by one, so a million of them never sit in memory here.
/// </summary>
public sealed class SupporterExport(NpgsqlDataSource dataSource)
{
    public async IAsyncEnumerable<ConsentingSupporter> ConsentingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<ConsentingSupporter>(
            """
            SELECT email, first_name AS FirstName, last_name AS LastName, country, region, postal_code AS PostalCode,
                   created_at AS PledgedAt, confirmed_at AS ConfirmedAt
            FROM supporters WHERE status = 'confirmed' AND consent_to_updates ORDER BY confirmed_at, id
            """);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
