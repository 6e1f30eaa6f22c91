using Dapper;
using Npgsql;

namespace FlexPlatform.Pledge.Reads;

/// <summary>What staff see of one supporter found by email: where their pledge stands and what they agreed to.</summary>
public sealed record SupporterRecord(
    string Email, string Status, string FirstName, string LastName, string Country, string? Region,
    bool ConsentToUpdates, bool ListPublicly, DateTimeOffset PledgedAt, DateTimeOffset? ConfirmedAt, string ReferralCode, long Referred);

/// <summary>Finds a supporter by their normalized email (exact: no search, no listing), for admins answering a request.</summary>
public sealed class SupporterLookup(NpgsqlDataSource dataSource)
{
    public async Task<SupporterRecord?> FindAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SupporterRecord>(new CommandDefinition(
            """
            SELECT s.email, s.status, s.first_name AS FirstName, s.last_name AS LastName, s.country, s.region,
                   s.consent_to_updates AS ConsentToUpdates, s.list_publicly AS ListPublicly, s.created_at AS PledgedAt,
                   s.confirmed_at AS ConfirmedAt, s.referral_code AS ReferralCode,
                   (SELECT count(*) FROM supporters r WHERE r.referred_by = s.referral_code AND r.status = 'confirmed') AS Referred
            FROM supporters s WHERE s.email_normalized = @normalizedEmail
            """, new { normalizedEmail }, cancellationToken: cancellationToken));
    }
}
