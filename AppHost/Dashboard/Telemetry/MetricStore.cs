namespace FlexPlatform.AppHost.Dashboard.Telemetry;

/// <summary>One time series: a metric of one resource with one set of attributes (<c>http.route=/api/pledges, …</c>).</summary>
public sealed record MetricSeries(string Resource, string Name, string Description, string Unit, string Type, string Attributes);

/// <summary>
/// A point as exported: gauges and sums carry <c>Value</c>; histograms carry their (cumulative)
/// <c>Count</c> and <c>Sum</c>, and <c>Value</c> is their mean.
/// </summary>
public sealed record MetricPoint(DateTimeOffset Time, double Value, long? Count = null, double? Sum = null);

public sealed record MetricSummary(string Resource, string Name, string Description, string Unit, string Type, int Series, DateTimeOffset Time, double Value, long? Count, double? Mean);

/// <summary>
/// The newest points of every series. Series are shared by their points and forgotten with the
/// last of them, so high-cardinality attributes cannot grow memory past the point limit either.
/// </summary>
public sealed class MetricStore(int capacity)
{
    private readonly Ring<(MetricSeries Series, MetricPoint Point)> _points = new(capacity);
    private readonly Dictionary<MetricSeries, (MetricSeries Shared, int Points)> _series = [];

    public int Count => _points.Count;

    public int SeriesCount
    {
        get
        {
            lock (_series)
            {
                return _series.Count;
            }
        }
    }

    public void Add(IEnumerable<(MetricSeries Series, MetricPoint Point)> points)
    {
        lock (_series)
        {
            _points.AddRange(points.Select(p => (Share(p.Series), p.Point)), Forget);
        }
    }

    /// <summary>Every metric of every resource with its latest value (summed over its series).</summary>
    public IReadOnlyList<MetricSummary> Metrics(string? resource = null) =>
        _points.Snapshot()
            .Where(p => resource is null || p.Series.Resource == resource)
            .GroupBy(p => (p.Series.Resource, p.Series.Name))
            .Select(metric =>
            {
                var latest = metric.GroupBy(p => p.Series).Select(s => s.Last()).ToList();
                var first = latest[0].Series;
                var count = first.Type == "histogram" ? latest.Sum(p => p.Point.Count ?? 0) : (long?)null;
                var sum = latest.Sum(p => p.Point.Sum ?? 0);
                return new MetricSummary(
                    first.Resource, first.Name, first.Description, first.Unit, first.Type, latest.Count,
                    latest.Max(p => p.Point.Time),
                    count is { } c ? c : latest.Sum(p => p.Point.Value),
                    count, count is > 0 ? sum / count : null);
            })
            .OrderBy(m => m.Resource).ThenBy(m => m.Name)
            .ToList();

    /// <summary>The kept points of one metric, per series, oldest first.</summary>
    public IReadOnlyList<(MetricSeries Series, IReadOnlyList<MetricPoint> Points)> Points(string name, string? resource = null) =>
        _points.Snapshot()
            .Where(p => p.Series.Name == name && (resource is null || p.Series.Resource == resource))
            .GroupBy(p => p.Series)
            .Select(s => (s.Key, (IReadOnlyList<MetricPoint>)s.Select(p => p.Point).ToList()))
            .ToList();

    private MetricSeries Share(MetricSeries series)
    {
        var (shared, points) = _series.TryGetValue(series, out var known) ? known : (series, 0);
        _series[shared] = (shared, points + 1);
        return shared;
    }

    private void Forget((MetricSeries Series, MetricPoint Point) evicted)
    {
        var (shared, points) = _series[evicted.Series];
        if (points == 1)
        {
            _series.Remove(shared);
        }
        else
        {
            _series[shared] = (shared, points - 1);
        }
    }
}
