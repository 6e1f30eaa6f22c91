using System.Globalization;
using FlexPlatform.ServiceDefaults.Projections;

namespace FlexPlatform.Pledge.Grpc;

/// <summary>
/// Pledge's confirmed supporters a page at a time, as a projection's source (<see cref="IProjection"/>). Linked as
/// source into the services that keep a copy; each compiles its own client of <c>supporters.proto</c>.
/// </summary>
public sealed class CountedPages(Supporters.SupportersClient pledge, CountedView view)
{
    public async Task<PageDigest> DigestAsync(Guid? after, int limit, CancellationToken cancellationToken)
    {
        var digest = await pledge.DigestCountedAsync(Request(after, null, limit), cancellationToken: cancellationToken);
        return new PageDigest(digest.Count, digest.Digest, digest.LastId.Length == 0 ? null : Guid.Parse(digest.LastId));
    }

    /// <summary>
    /// The page's rows and the range they stand for. A last page (no <paramref name="through"/>) that grew past the
    /// limit while we looked ends at its last row; the rest is the next pass's.
    /// </summary>
    public async Task<(IReadOnlyList<CountedSupporter> Rows, Guid? Through, DateTimeOffset AsOf)> ListAsync(
        Guid? after, Guid? through, int limit, CancellationToken cancellationToken)
    {
        var page = await pledge.ListCountedAsync(Request(after, through, limit), cancellationToken: cancellationToken);
        var rows = page.Supporters;
        through ??= rows.Count == limit ? Guid.Parse(rows[^1].Id) : null;
        return (rows, through, DateTimeOffset.Parse(page.AsOf, CultureInfo.InvariantCulture));
    }

    private CountedPageRequest Request(Guid? after, Guid? through, int limit) => new()
    {
        AfterId = after?.ToString() ?? "", ThroughId = through?.ToString() ?? "", Limit = limit, View = view,
    };
}
