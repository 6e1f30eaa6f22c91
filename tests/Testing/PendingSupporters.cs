using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace FlexPlatform.Testing;

/// <summary>
/// Pending pledges with known confirmation tokens, written the way Pledge writes them (tokens stored
/// only as SHA-256 hashes), so tests can confirm thousands through the gateway without reading mail.
/// </summary>
public static class PendingSupporters
{
    private const string ReferralAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <returns>The confirmation tokens, one per new pending supporter.</returns>
    public static async Task<List<string>> SeedAsync(PlatformFixture platform, int count, string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var tokens = Enumerable.Range(0, count).Select(i => $"{prefix}{run}{i.ToString("D" + (31 - prefix.Length), System.Globalization.CultureInfo.InvariantCulture)}").ToList();
        await using var connection = platform.OpenDatabase("pledgedb");
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, consent_to_updates, list_publicly,
                                    referral_code, confirm_token_hash, confirm_expires_at, manage_token_hash, last_mailed_at)
            SELECT gen_random_uuid(), e, e, 'Seeded', 'Supporter', 'US', false, false, r, t, now() + interval '1 day', m, now()
            FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[]) AS s(e, r, t, m)
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => $"{t}@example.org").ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(_ => ReferralCode()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes("manage" + t))).ToArray() });
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await insert.ExecuteNonQueryAsync();
                return tokens;
            }
            catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "supporters_referral_code_key" } && attempt < 5)
            {
                // Tens of thousands of random codes can meet one already taken: draw them all again (nothing was stored).
                insert.Parameters[1].Value = tokens.Select(_ => ReferralCode()).ToArray();
            }
        }
    }

    private static string ReferralCode() => string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = ReferralAlphabet[RandomNumberGenerator.GetInt32(ReferralAlphabet.Length)];
        }
    });
}
