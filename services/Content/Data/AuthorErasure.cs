using Dapper;
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

    public static async Task<IReadOnlyList<string>> ForgetAsync(NpgsqlTransaction tx, string normalizedEmail, KeyedHash hash)
    {
        var connection = tx.Connection!;
        var reporter = ReporterOf(hash, normalizedEmail);
        await connection.ExecuteAsync(
            """
            DELETE FROM comment_reports
            WHERE reporter_hash = @reporter OR comment_id IN (SELECT id FROM comments WHERE email_normalized = @normalizedEmail)
            """, new { reporter, normalizedEmail }, tx);
        var comments = await connection.QueryAsync<string>(
            "DELETE FROM comments WHERE email_normalized = @normalizedEmail RETURNING email", new { normalizedEmail }, tx);
        var stories = await connection.QueryAsync<string>(
            "DELETE FROM stories WHERE email_normalized = @normalizedEmail RETURNING email", new { normalizedEmail }, tx);
        return [.. comments, .. stories];
    }
}
