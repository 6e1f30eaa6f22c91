namespace FlexPlatform.ServiceDefaults.Projections;

/// <summary>
/// A copy of another service's data, kept up to date by events, that can be compared with its source a page of
/// ids at a time and repaired where it drifted (a lost event, a restored backup, a hand edit).
/// </summary>
public interface IProjection
{
    string Name { get; }

    /// <summary>The source's page of up to <paramref name="limit"/> ids after <paramref name="after"/>.</summary>
    Task<PageDigest> DigestSourceAsync(Guid? after, int limit, CancellationToken cancellationToken);

    /// <summary>The same digest of this copy's rows after <paramref name="after"/>, up to <paramref name="through"/> (null: no bound).</summary>
    Task<PageDigest> DigestLocalAsync(Guid? after, Guid? through, CancellationToken cancellationToken);

    /// <summary>
    /// Makes this copy's rows in the range match the source's. Rows received after <paramref name="settled"/>
    /// before the source was read are left alone: their event may simply be newer than the source's answer.
    /// </summary>
    Task<Drift> RepairAsync(Guid? after, Guid? through, int limit, TimeSpan settled, CancellationToken cancellationToken);
}

/// <param name="Digest">md5 of the page's lines in id order, "" for an empty page.</param>
public sealed record PageDigest(long Count, string Digest, Guid? LastId);

/// <summary>What a repair changed: rows added, rows corrected, rows that no longer count.</summary>
public sealed record Drift(long Added, long Corrected, long Removed)
{
    public static readonly Drift None = new(0, 0, 0);

    public long Total => Added + Corrected + Removed;

    public static Drift operator +(Drift a, Drift b) => new(a.Added + b.Added, a.Corrected + b.Corrected, a.Removed + b.Removed);
}

/// <summary>One repair pass over a projection.</summary>
public sealed record RepairReport(string Projection, long Pages, long PagesRepaired, Drift Drift, DateTimeOffset FinishedAt);
