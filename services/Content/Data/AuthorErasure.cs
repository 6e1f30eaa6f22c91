using Dapper;
using FlexPlatform.Content.Domain;
using Npgsql;

namespace FlexPlatform.Content.Data;

/// <summary>
/// What an erased person leaves in Content: their stories and comments (deleted, not anonymized: a story is
/// their own account of their life) and the reports they made. Returns the addresses they wrote from.
/// </summary>
public static class AuthorErasure
{
    public static async Task<IReadOnlyList<string>> ForgetAsync(NpgsqlTransaction tx, string normalizedEmail)
    {
        var connection = tx.Connection!;
        var reporter = Tokens.Fingerprint("email:" + normalizedEmail);
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
