using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Projections;

/// <summary>
/// Compares each projection with its source on a schedule, page by page (digests first, rows only where they
/// differ), repairs what drifted and logs it. One replica at a time per projection (a PostgreSQL advisory lock);
/// the others skip the pass.
/// </summary>
public sealed class ProjectionRepairer : BackgroundService
{
    public const string MeterName = "FlexPlatform.Projections";

    private readonly IReadOnlyList<IProjection> _projections;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ProjectionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ProjectionRepairer> _logger;
    private readonly Counter<long> _drift;
    private readonly ConcurrentDictionary<string, RepairReport> _last = new(StringComparer.Ordinal);

    public ProjectionRepairer(
        IEnumerable<IProjection> projections, NpgsqlDataSource dataSource, IOptions<ProjectionOptions> options,
        TimeProvider clock, IMeterFactory meters, ILogger<ProjectionRepairer> logger)
    {
        _projections = projections.ToList();
        _dataSource = dataSource;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _drift = meters.Create(MeterName).CreateCounter<long>("flex.projection.repaired", "{row}", "Rows of a projection repaired to match its source, by kind (added, corrected, removed).");
    }

    /// <summary>The last pass this replica ran, per projection.</summary>
    public IReadOnlyList<RepairReport> LastReports => _last.Values.OrderBy(r => r.Projection, StringComparer.Ordinal).ToList();

    /// <summary>One pass over every projection now; a projection another replica is repairing is skipped (null).</summary>
    public async Task<IReadOnlyList<RepairReport>> RepairAllAsync(CancellationToken cancellationToken)
    {
        var reports = new List<RepairReport>();
        foreach (var projection in _projections)
        {
            if (await RepairAsync(projection, cancellationToken) is { } report)
            {
                reports.Add(report);
            }
        }

        return reports;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RepairInterval, _clock);
        while (await TickAsync(timer, stoppingToken))
        {
            foreach (var projection in _projections)
            {
                try
                {
                    await RepairAsync(projection, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "Comparing {Projection} with its source failed; the next pass tries again", projection.Name);
                }
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<RepairReport?> RepairAsync(IProjection projection, CancellationToken cancellationToken)
    {
        // Session-level lock on its own connection: held for the pass, released when the connection closes.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('projection-repair:' || $1))", connection))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = projection.Name });
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        try
        {
            var report = await ComparePagesAsync(projection, cancellationToken);
            _last[projection.Name] = report;
            return report;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<RepairReport> ComparePagesAsync(IProjection projection, CancellationToken cancellationToken)
    {
        Guid? after = null;
        long pages = 0, repaired = 0;
        var drift = Drift.None;
        while (true)
        {
            var source = await projection.DigestSourceAsync(after, _options.PageSize, cancellationToken);
            // The last page (shorter than asked) has no upper bound: rows this copy has beyond the source's last id are in it.
            var through = source.Count < _options.PageSize ? null : source.LastId;
            var local = await projection.DigestLocalAsync(after, through, cancellationToken);
            pages++;
            if (local.Count != source.Count || !string.Equals(local.Digest, source.Digest, StringComparison.Ordinal))
            {
                var fixedHere = await projection.RepairAsync(after, through, _options.PageSize, _options.Settled, cancellationToken);
                if (fixedHere.Total > 0)
                {
                    repaired++;
                    drift += fixedHere;
                    _logger.LogWarning(
                        "{Projection} drifted from its source after {After}: {Added} added, {Corrected} corrected, {Removed} no longer counted; repaired",
                        projection.Name, after, fixedHere.Added, fixedHere.Corrected, fixedHere.Removed);
                }
            }

            if (through is null)
            {
                break;
            }

            after = through;
        }

        Record(projection.Name, drift);
        return new RepairReport(projection.Name, pages, repaired, drift, _clock.GetUtcNow());
    }

    private void Record(string projection, Drift drift)
    {
        foreach (var (kind, rows) in new[] { ("added", drift.Added), ("corrected", drift.Corrected), ("removed", drift.Removed) })
        {
            if (rows > 0)
            {
                _drift.Add(rows, new KeyValuePair<string, object?>("projection", projection), new KeyValuePair<string, object?>("kind", kind));
            }
        }
    }
}
