using Dapper;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace FlexPlatform.Pledge.Import;

public sealed record RowError(long Line, IDictionary<string, string[]> Errors);

public abstract record ImportOutcome
{
    /// <summary>Rows read, supporters added, rows skipped because the email already pledged (in the file or before).</summary>
    public sealed record Imported(Guid ImportId, long Rows, long Added, long Duplicates) : ImportOutcome;

    /// <summary>The file was refused as a whole; nothing was stored.</summary>
    public sealed record Refused(string Title, IReadOnlyList<RowError> Errors) : ImportOutcome;
}

/// <summary>
/// Loads an existing supporter list: every row validated like a web pledge, streamed into PostgreSQL
/// with binary COPY, then added in one statement that skips emails already known. Supporters, their
/// <see cref="SupportersImported"/> events and nothing else commit together, so the counts stay exact.
/// </summary>
public sealed class SupporterImporter(
    NpgsqlDataSource dataSource, Outbox outbox, TimeProvider clock, ILogger<SupporterImporter> logger, Func<string>? newReferralCode = null)
{
    private readonly Func<string> _newReferralCode = newReferralCode ?? Tokens.NewReferralCode;

    public const int EventPartSize = 5000;
    public const int MaxReportedErrors = 20;

    public async Task<ImportOutcome> ImportAsync(TextReader csv, CancellationToken cancellationToken)
    {
        var rows = new CsvRows(csv);
        if (await rows.ReadAsync(cancellationToken) is not { } header)
        {
            return new ImportOutcome.Refused("The file is empty.", []);
        }

        var columns = ImportColumns.Parse(header, out var headerErrors);
        if (!headerErrors.IsValid)
        {
            return new ImportOutcome.Refused("The header row is not usable.", [new RowError(1, headerErrors.ToDictionary())]);
        }

        var importId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The one-email-once sort of a million rows spills to disk at the default 4 MB.
        await ExecuteAsync(tx, "SET LOCAL work_mem = '256MB'", cancellationToken);
        await ExecuteAsync(tx, """
            CREATE TEMP TABLE import_rows (
                id uuid, email text, email_normalized text, first_name text, last_name text, country text, region text,
                postal_code text, personas text[], flexibility text[], why text, consent_to_updates boolean,
                list_publicly boolean, referral_code text, confirmed_at timestamptz, line bigint
            ) ON COMMIT DROP
            """, cancellationToken);

        var phases = System.Diagnostics.Stopwatch.StartNew();
        var (read, errors) = await CopyRowsAsync(connection, rows, columns, now, cancellationToken);
        var copied = phases.Elapsed;
        if (errors.Count > 0)
        {
            return new ImportOutcome.Refused($"Rows are invalid (the first {errors.Count} are listed); nothing was imported.", errors);
        }

        await RerollTakenReferralCodesAsync(tx, cancellationToken);
        var checkedCodes = phases.Elapsed;
        var added = await InsertAsync(tx, cancellationToken);
        var inserted = phases.Elapsed;
        var part = 0;
        foreach (var chunk in added.Chunk(EventPartSize))
        {
            await outbox.AddAsync(tx, new SupportersImported(importId, ++part, chunk.Select(a => a.Id).ToArray(), now, chunk.Select(a => a.ReferralCode).ToArray()), cancellationToken);
        }

        await TotalShards.MoveAsync(tx, added.Count, cancellationToken);

        var evented = phases.Elapsed;
        await outbox.CommitAsync(tx, cancellationToken);
        // Where the time went, phase by phase: the benchmark prints this line.
        logger.LogInformation(
            "Import {ImportId}: {Rows} rows, {Added} added, {Duplicates} duplicates; read, validated and copied in {CopyMs:0} ms, codes checked in {CodesMs:0} ms, inserted in {InsertMs:0} ms, events written in {EventsMs:0} ms, committed in {CommitMs:0} ms",
            importId, read, added.Count, read - added.Count, copied.TotalMilliseconds, (checkedCodes - copied).TotalMilliseconds,
            (inserted - checkedCodes).TotalMilliseconds, (evented - inserted).TotalMilliseconds, (phases.Elapsed - evented).TotalMilliseconds);
        return new ImportOutcome.Imported(importId, read, added.Count, read - added.Count);
    }

    // Raw Npgsql here only: binary COPY, which Dapper does not speak, reads, validates and streams a million rows in
    // 8.7 s (bench/, README's figures); the rest of the import is one INSERT … SELECT.
    private async Task<(long Read, List<RowError> Errors)> CopyRowsAsync(
        NpgsqlConnection connection, CsvRows rows, ImportColumns columns, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new List<RowError>();
        var referralCodes = new HashSet<string>(StringComparer.Ordinal);
        long read = 0;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY import_rows (id, email, email_normalized, first_name, last_name, country, region, postal_code, personas, flexibility, why, consent_to_updates, list_publicly, referral_code, confirmed_at, line) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        while (await rows.ReadAsync(cancellationToken) is { } fields)
        {
            if (fields is [""])
            {
                continue; // a blank line, e.g. at the end of the file
            }

            read++;
            var row = ImportRow.Read(columns, fields, out var rowErrors);
            if (!rowErrors.IsValid)
            {
                if (errors.Count < MaxReportedErrors)
                {
                    errors.Add(new RowError(rows.Line, rowErrors.ToDictionary()));
                }

                continue;
            }

            if (errors.Count > 0)
            {
                continue; // the file is refused; only keep looking for errors to report
            }

            var pledge = row.Pledge;
            string referralCode;
            do
            {
                referralCode = _newReferralCode();
            }
            while (!referralCodes.Add(referralCode));

            var email = pledge.Email!.Trim();
            // Synchronous writes: an await per field (16 a row) cost more than the rows; the importer
            // buffers and only blocks on the database socket when its buffer fills.
            copy.StartRow();
            copy.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            copy.Write(email, NpgsqlDbType.Text);
            copy.Write(EmailAddress.Normalize(email), NpgsqlDbType.Text);
            copy.Write(pledge.FirstName!.Trim(), NpgsqlDbType.Text);
            copy.Write(pledge.LastName!.Trim(), NpgsqlDbType.Text);
            copy.Write(pledge.Country!, NpgsqlDbType.Text);
            WriteNullable(copy, pledge.Region?.Trim());
            WriteNullable(copy, pledge.PostalCode?.Trim());
            copy.Write(pledge.Personas?.Distinct(StringComparer.Ordinal).ToArray() ?? [], NpgsqlDbType.Array | NpgsqlDbType.Text);
            copy.Write(pledge.Flexibility?.Distinct(StringComparer.Ordinal).ToArray() ?? [], NpgsqlDbType.Array | NpgsqlDbType.Text);
            WriteNullable(copy, pledge.Why?.Trim());
            copy.Write(pledge.ConsentToUpdates, NpgsqlDbType.Boolean);
            copy.Write(pledge.ListPublicly, NpgsqlDbType.Boolean);
            copy.Write(referralCode, NpgsqlDbType.Text);
            copy.Write(row.PledgedAt ?? now, NpgsqlDbType.TimestampTz);
            copy.Write(rows.Line, NpgsqlDbType.Bigint);
        }

        if (errors.Count == 0)
        {
            await copy.CompleteAsync(cancellationToken);
        }

        return (read, errors);
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    /// <summary>Codes are random; the rare one an existing supporter already holds gets a new draw.</summary>
    private async Task RerollTakenReferralCodesAsync(NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        var connection = tx.Connection!;
        while ((await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT t.line FROM import_rows t JOIN supporters s ON s.referral_code = t.referral_code", transaction: tx, cancellationToken: cancellationToken))).AsList() is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                // A draw that another row or supporter holds is left for the next round.
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE import_rows SET referral_code = @code WHERE line = @line
                    AND NOT EXISTS (SELECT 1 FROM import_rows WHERE referral_code = @code)
                    AND NOT EXISTS (SELECT 1 FROM supporters WHERE referral_code = @code)
                    """, new { code = _newReferralCode(), line }, tx, cancellationToken: cancellationToken));
            }
        }
    }

    /// <summary>
    /// Adds the first row of each email not yet known; returns the ids added with their referral codes. Only the email
    /// may conflict (codes were made unique above): a code a pledge took meanwhile fails the import instead of
    /// dropping a supporter as a duplicate, and checking one unique index instead of five per row saved 2.5 s a million.
    /// </summary>
    private static async Task<List<(Guid Id, string ReferralCode)>> InsertAsync(NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        var added = await tx.Connection!.QueryAsync<(Guid Id, string ReferralCode)>(new CommandDefinition(
            """
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, region, postal_code, personas,
                flexibility, why, consent_to_updates, list_publicly, referral_code, status, source, confirmed_at)
            SELECT DISTINCT ON (email_normalized) id, email, email_normalized, first_name, last_name, country, region, postal_code,
                personas, flexibility, why, consent_to_updates, list_publicly, referral_code, 'confirmed', 'import', confirmed_at
            FROM import_rows ORDER BY email_normalized, line
            ON CONFLICT (email_normalized) DO NOTHING
            RETURNING id, referral_code
            """, transaction: tx, commandTimeout: 0, cancellationToken: cancellationToken));
        return added.AsList();
    }

    private static Task<int> ExecuteAsync(NpgsqlTransaction tx, string sql, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: cancellationToken));
}
