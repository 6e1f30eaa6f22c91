using FlexPlatform.AppHost.Dashboard.Telemetry;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

/// <summary>The dashboard's telemetry stores keep the newest N of each kind, however much arrives.</summary>
public sealed class DashboardStoreTests
{
    private const int N = 100;
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddYears(50);
    private static readonly Dictionary<string, string> NoAttributes = [];

    [Fact]
    public void Span_store_keeps_the_newest_spans_and_forgets_whole_old_traces()
    {
        var store = new SpanStore(N);
        store.Add(Enumerable.Range(0, 10 * N).Select(i =>
            new Span($"trace{i / 10}", $"span{i}", i % 10 == 0 ? null : $"span{i - i % 10}", "pledge", "POST /api/pledges/", "Server",
                T0.AddSeconds(i), 1, i % 7 == 0, null, "scope", NoAttributes)));

        Assert.Equal(N, store.Count);
        Assert.Empty(store.Trace("trace0"));
        Assert.Equal(10, store.Trace($"trace{10 * N / 10 - 1}").Count);
        var traces = store.Traces(limit: 1000);
        Assert.Equal(N / 10, traces.Count);
        Assert.Equal("trace99", traces[0].TraceId);
        Assert.All(store.Traces(errorsOnly: true, limit: 1000), t => Assert.True(t.HasError));
    }

    [Fact]
    public void Log_store_keeps_the_newest_records()
    {
        var store = new LogStore(N);
        store.Add(Enumerable.Range(0, 3 * N).Select(i =>
            new LogEntry(T0.AddSeconds(i), "engagement", i % 2 == 0 ? "Information" : "Warning", "cat", $"message {i}", null, null, NoAttributes)));

        Assert.Equal(N, store.Count);
        var newest = store.Query(limit: 1000);
        Assert.Equal(N, newest.Count);
        Assert.Equal($"message {3 * N - 1}", newest[0].Message);
        Assert.DoesNotContain(newest, l => l.Message == $"message {2 * N - 1}");
        Assert.All(store.Query(level: "Warning", limit: 1000), l => Assert.Equal("Warning", l.Level));
    }

    [Fact]
    public void Metric_store_keeps_the_newest_points_and_forgets_series_without_any()
    {
        var store = new MetricStore(N);
        // Ever-new attribute values (high cardinality) must not grow the series past the point limit.
        store.Add(Enumerable.Range(0, 5 * N).Select(i => (
            new MetricSeries("gateway", "http.server.request.duration", "", "s", "histogram", $"http.route=/r{i}"),
            new MetricPoint(T0.AddSeconds(i), 0.01, i + 1, 0.01 * (i + 1)))));
        store.Add(Enumerable.Range(0, N / 2).Select(i => (
            new MetricSeries("pledge", "flex.outbox.backlog", "", "{message}", "gauge", ""),
            new MetricPoint(T0.AddSeconds(i), i))));

        Assert.Equal(N, store.Count);
        Assert.Equal(N / 2 + 1, store.SeriesCount);
        var backlog = Assert.Single(store.Points("flex.outbox.backlog"));
        Assert.Equal(N / 2, backlog.Points.Count);
        Assert.Equal(N / 2 - 1, Assert.Single(store.Metrics("pledge")).Value);
    }
}
