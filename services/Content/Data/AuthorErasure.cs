using Dapper;
using FlexPlatform.Content.Domain;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Security;
using Npgsql;

namespace FlexPlatform.Content.Data;

/// <summary>
/// What an erased person leaves in Content: their stories and comments (deleted, not anonymized: a story is
/// their own account of their life) and the reports they made. Returns the addresses they wrote from.
/// </summary>
public static class AuthorErasure
{
    /// <summary>Who reported, when they gave an address: the identity a report is counted once under.</summary>
    public static string ReporterOf(KeyedHash hash, string normalizedEmail) => hash.Of("reporter", normalizedEmail);

    public static async Task<IReadOnlyList<string>> ForgetAsync(NpgsqlTransaction tx, string normalizedEmail, KeyedHash hash, CancellationToken cancellationToken)
    {
        var connection = tx.Connection!;
        // Their comments first, as a report's confirmation takes a comment before its report: no lock cycle.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT id FROM comments WHERE email_normalized = @normalizedEmail ORDER BY id FOR UPDATE", new { normalizedEmail }, tx,
            cancellationToken: cancellationToken));
        // Reports they made, under the keyed hash and the bare one reports carried before keyed hashes.
        string[] reporters = [ReporterOf(hash, normalizedEmail), Tokens.Fingerprint("email:" + normalizedEmail)];
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM comment_reports
            WHERE reporter_hash = ANY(@reporters) OR comment_id IN (SELECT id FROM comments WHERE email_normalized = @normalizedEmail)
            """, new { reporters, normalizedEmail }, tx, cancellationToken: cancellationToken));
        var comments = await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM comments WHERE email_normalized = @normalizedEmail RETURNING email", new { normalizedEmail }, tx, cancellationToken: cancellationToken));
        var stories = await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM stories WHERE email_normalized = @normalizedEmail RETURNING email", new { normalizedEmail }, tx, cancellationToken: cancellationToken));
        return [.. comments, .. stories];
    }
}
