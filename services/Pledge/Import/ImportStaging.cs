using Dapper;
using Npgsql;

namespace FlexPlatform.Pledge.Import;

/// <summary>
/// The unlogged table an import stages its rows in (<c>import_rows_{import id}</c>), a chunk at a time, each committed
/// as it fills so that the import's own transaction, on another connection, adds one chunk while the next is read.
/// One table, not one per chunk: that transaction holds a lock on every table it reads until it commits. The import
/// drops it in that transaction; a refused file drops it after, and what a crash leaves goes with the next import.
/// </summary>
public static class ImportStaging
{
    private const string Prefix = "import_rows_";

    /// <summary>Not one import takes this long: what is older was left behind.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromDays(1);

    public static string Table(Guid importId) => $"{Prefix}{importId:N}";

    // BRIN on the chunk: rows arrive in chunk order, so a few bytes find a chunk's pages, at next to no cost per row.
    public static string Create(string table) => $"""
        CREATE UNLOGGED TABLE {table} (
            chunk int, id uuid, email text, email_normalized text, first_name text, last_name text, country text, region text,
            postal_code text, personas text[], flexibility text[], why text, consent_to_updates boolean,
            list_publicly boolean, referral_code text, confirmed_at timestamptz, line bigint
        );
        CREATE INDEX ON {table} USING brin (chunk)
        """;

    /// <summary>Drops this import's table (<paramref name="importId"/>), or every import's older than <see cref="Abandoned"/>.</summary>
    public static async Task DropAsync(NpgsqlConnection connection, Guid? importId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tables = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'import\\_rows\\_%' AND relnamespace = 'public'::regnamespace",
            cancellationToken: cancellationToken));
        foreach (var table in tables)
        {
            if (ImportOf(table) is not { } id || (importId is { } only ? id != only : CreatedAt(id) > now - Abandoned))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {table}", cancellationToken: cancellationToken));
        }
    }

    private static Guid? ImportOf(string table) =>
        table.Length == Prefix.Length + 32 && Guid.TryParseExact(table.AsSpan(Prefix.Length), "N", out var id) ? id : null;

    // Import ids are version 7: their first 48 bits are the Unix time in milliseconds they were made.
    private static DateTimeOffset CreatedAt(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = 0L;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }
}
