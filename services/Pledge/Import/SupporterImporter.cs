using Dapper;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;
using NpgsqlTypes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

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
/// Loads an existing supporter list: every row validated like a web pledge and streamed into PostgreSQL with binary
/// COPY, a chunk at a time (<see cref="ImportStaging"/>); while the next chunk is read, the import's transaction, on a
/// second connection, adds the last one in one statement that skips emails already known. Supporters, their
/// <see cref="SupportersImported"/> events and nothing else commit together, so the counts stay exact, and a file with
/// a bad row anywhere adds no one.
/// </summary>
public sealed class SupporterImporter(
    NpgsqlDataSource dataSource, Outbox outbox, IOptions<ImportOptions> options, TimeProvider clock, ILogger<SupporterImporter> logger,
    Func<string>? newReferralCode = null)
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
        await using var staging = await dataSource.OpenConnectionAsync(cancellationToken);
        await ImportStaging.DropAsync(staging, importId: null, now, cancellationToken);
        var table = ImportStaging.Table(importId);
        await staging.ExecuteAsync(new CommandDefinition(ImportStaging.Create(table), cancellationToken: cancellationToken));
        try
        {
            return await ImportAsync(staging, table, rows, columns, importId, now, cancellationToken);
        }
        finally
        {
            // What the import did not drop itself (a refused file, a failure): its transaction rolled back. Best effort: the
            // next import drops what stays here a day.
            try
            {
                await ImportStaging.DropAsync(staging, importId, now, CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Import {ImportId} left its staged rows behind", importId);
            }
        }
    }

    private async Task<ImportOutcome> ImportAsync(
        NpgsqlConnection staging, string table, CsvRows rows, ImportColumns columns, Guid importId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The one-email-once sort of a chunk must not spill to disk at the default 4 MB.
        await ExecuteAsync(tx, "SET LOCAL work_mem = '256MB'", cancellationToken);

        var phases = System.Diagnostics.Stopwatch.StartNew();
        var chunks = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copying = Task.Run(() => CopyRowsAsync(staging, table, rows, columns, now, chunks.Writer, stop.Token), CancellationToken.None);
        var added = new List<(Guid Id, string ReferralCode)>();
        var inserting = TimeSpan.Zero;
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                var started = phases.Elapsed;
                added.AddRange(await InsertAsync(tx, table, chunk, cancellationToken));
                inserting += phases.Elapsed - started;
            }
        }
        catch
        {
            await stop.CancelAsync();
            await ((Task)copying).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var (read, copied, codes, errors) = await copying;
        if (errors.Count > 0)
        {
            return new ImportOutcome.Refused($"Rows are invalid (the first {errors.Count} are listed); nothing was imported.", errors);
        }

        var inserted = phases.Elapsed;
        var part = 0;
        foreach (var chunk in added.Chunk(EventPartSize))
        {
            await outbox.AddAsync(tx, new SupportersImported(importId, ++part, chunk.Select(a => a.Id).ToArray(), now, chunk.Select(a => a.ReferralCode).ToArray()), cancellationToken);
        }

        await TotalShards.MoveAsync(tx, added.Count, cancellationToken);
        await ExecuteAsync(tx, $"DROP TABLE {table}", cancellationToken);

        var evented = phases.Elapsed;
        await outbox.CommitAsync(tx, cancellationToken);
        // Where the time went, phase by phase: the benchmark prints this line.
        logger.LogInformation(
            "Import {ImportId}: {Rows} rows, {Added} added, {Duplicates} duplicates; read, validated, codes checked ({CodesMs:0} ms) and copied in {CopyMs:0} ms, alongside it inserted in {InsertMs:0} ms, all inserted at {InsertedMs:0} ms, events written in {EventsMs:0} ms, committed in {CommitMs:0} ms",
            importId, read, added.Count, read - added.Count, codes.TotalMilliseconds, copied.TotalMilliseconds, inserting.TotalMilliseconds,
            inserted.TotalMilliseconds, (evented - inserted).TotalMilliseconds, (phases.Elapsed - evented).TotalMilliseconds);
        return new ImportOutcome.Imported(importId, read, added.Count, read - added.Count);
    }

    // Raw Npgsql here only: binary COPY, which Dapper does not speak. Each chunk is held until full, its referral codes
    // checked against supporters', then staged and committed (the connection is in no transaction) and handed to the
    // import's transaction. After a bad row nothing more is staged; the rest of the file is only checked.
    private async Task<(long Read, TimeSpan Elapsed, TimeSpan Codes, List<RowError> Errors)> CopyRowsAsync(
        NpgsqlConnection connection, string table, CsvRows rows, ImportColumns columns, DateTimeOffset now, ChannelWriter<int> chunks,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var codes = TimeSpan.Zero;
        var errors = new List<RowError>();
        var referralCodes = new HashSet<string>(StringComparer.Ordinal);
        var chunk = new List<StagedRow>(options.Value.ChunkRows);
        var chunkNumber = 0;
        long read = 0;
        try
        {
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

                chunk.Add(new StagedRow(row, NewReferralCode(referralCodes), rows.Line));
                if (chunk.Count == options.Value.ChunkRows)
                {
                    codes += await StageAsync(connection, table, ++chunkNumber, chunk, referralCodes, now, chunks, cancellationToken);
                    chunk.Clear();
                }
            }

            if (errors.Count == 0 && chunk.Count > 0)
            {
                codes += await StageAsync(connection, table, ++chunkNumber, chunk, referralCodes, now, chunks, cancellationToken);
            }

            return (read, clock.Elapsed, codes, errors);
        }
        finally
        {
            chunks.TryComplete();
        }
    }

    private sealed class StagedRow(ImportRow row, string referralCode, long line)
    {
        public ImportRow Row { get; } = row;

        public string ReferralCode { get; set; } = referralCode;

        public long Line { get; } = line;
    }

    private string NewReferralCode(HashSet<string> drawn)
    {
        string code;
        do
        {
            code = _newReferralCode();
        }
        while (!drawn.Add(code));

        return code;
    }

    /// <summary>
    /// Stages one chunk and hands it on; returns the time its codes took to check. Codes are random, and the rare one
    /// an existing supporter holds gets a new draw here, off the path of the import's transaction. A code a pledge
    /// takes after this check fails the import rather than dropping a supporter as a duplicate (see <see cref="InsertAsync"/>).
    /// </summary>
    private async Task<TimeSpan> StageAsync(
        NpgsqlConnection connection, string table, int number, List<StagedRow> chunk, HashSet<string> drawn, DateTimeOffset now, ChannelWriter<int> chunks,
        CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pending = chunk;
        while ((await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT referral_code FROM supporters WHERE referral_code = ANY(@codes)",
            new { codes = pending.Select(r => r.ReferralCode).ToArray() }, cancellationToken: cancellationToken))).AsList() is { Count: > 0 } taken)
        {
            var set = taken.ToHashSet(StringComparer.Ordinal);
            pending = pending.Where(r => set.Contains(r.ReferralCode)).ToList();
            foreach (var row in pending)
            {
                row.ReferralCode = NewReferralCode(drawn);
            }
        }

        var checkedCodes = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        // Not completed, a COPY is cancelled: nothing of the chunk is staged.
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} (chunk, id, email, email_normalized, first_name, last_name, country, region, postal_code, personas, flexibility, why, consent_to_updates, list_publicly, referral_code, confirmed_at, line) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var row in chunk)
            {
                Write(copy, number, row.Row, row.ReferralCode, row.Line, now);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await chunks.WriteAsync(number, cancellationToken);
        return checkedCodes;
    }

    // Synchronous writes: an await per field (16 a row) cost more than the rows; the importer buffers and only
    // blocks on the database socket when its buffer fills.
    private static void Write(NpgsqlBinaryImporter copy, int chunk, ImportRow row, string referralCode, long line, DateTimeOffset now)
    {
        var pledge = row.Pledge;
        var email = pledge.Email!.Trim();
        copy.StartRow();
        copy.Write(chunk, NpgsqlDbType.Integer);
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
        copy.Write(line, NpgsqlDbType.Bigint);
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

    /// <summary>
    /// Adds the first row of each email not yet known (an earlier chunk's row is known by now); returns the ids added with
    /// their referral codes. Only the email
    /// may conflict (codes were made unique above): a code a pledge took meanwhile fails the import instead of
    /// dropping a supporter as a duplicate, and checking one unique index instead of five per row saved 2.5 s a million.
    /// </summary>
    private static async Task<List<(Guid Id, string ReferralCode)>> InsertAsync(NpgsqlTransaction tx, string table, int chunk, CancellationToken cancellationToken)
    {
        var added = await tx.Connection!.QueryAsync<(Guid Id, string ReferralCode)>(new CommandDefinition(
            $"""
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, region, postal_code, personas,
                flexibility, why, consent_to_updates, list_publicly, referral_code, status, source, confirmed_at)
            SELECT DISTINCT ON (email_normalized) id, email, email_normalized, first_name, last_name, country, region, postal_code,
                personas, flexibility, why, consent_to_updates, list_publicly, referral_code, 'confirmed', 'import', confirmed_at
            FROM {table} WHERE chunk = @chunk ORDER BY email_normalized, line
            ON CONFLICT (email_normalized) DO NOTHING
            RETURNING id, referral_code
            """, new { chunk }, tx, commandTimeout: 0, cancellationToken: cancellationToken));
        return added.AsList();
    }

    private static Task<int> ExecuteAsync(NpgsqlTransaction tx, string sql, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: cancellationToken));
}
