namespace FlexPlatform.AppHost.Dashboard.Telemetry;

public sealed record Span(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    string Kind,
    DateTimeOffset Start,
    double DurationMs,
    bool IsError,
    string? StatusMessage,
    string Scope,
    IReadOnlyDictionary<string, string> Attributes);

public sealed record TraceSummary(
    string TraceId,
    string Root,
    string RootService,
    IReadOnlyList<string> Services,
    DateTimeOffset Start,
    double DurationMs,
    int SpanCount,
    bool HasError);

/// <summary>The newest spans from every process; traces are assembled from them when asked.</summary>
public sealed class SpanStore(int capacity)
{
    private readonly Ring<Span> _spans = new(capacity);

    public int Count => _spans.Count;

    public void Add(IEnumerable<Span> spans) => _spans.AddRange(spans);

    /// <summary>Newest traces first; <paramref name="route"/> matches a span's <c>http.route</c> or name.</summary>
    public IReadOnlyList<TraceSummary> Traces(string? service = null, string? route = null, bool errorsOnly = false, int limit = 50) =>
        _spans.Snapshot()
            .GroupBy(s => s.TraceId)
            .Where(t => service is null || t.Any(s => s.Service == service))
            .Where(t => route is null || t.Any(s => Matches(s, route)))
            .Where(t => !errorsOnly || t.Any(s => s.IsError))
            .Select(Summarize)
            .OrderByDescending(t => t.Start)
            .Take(limit)
            .ToList();

    /// <summary>The trace's spans in start order, or empty when none is kept.</summary>
    public IReadOnlyList<Span> Trace(string traceId) =>
        _spans.Snapshot().Where(s => s.TraceId == traceId).OrderBy(s => s.Start).ToList();

    private static bool Matches(Span span, string route) =>
        span.Name.Contains(route, StringComparison.OrdinalIgnoreCase)
        || (span.Attributes.TryGetValue("http.route", out var template) && template.Contains(route, StringComparison.OrdinalIgnoreCase));

    private static TraceSummary Summarize(IGrouping<string, Span> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        // A trace whose parent came from outside (a client's traceparent) has no true root: take the earliest orphan.
        var root = trace.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.Start) ?? trace.MinBy(s => s.Start)!;
        var start = trace.Min(s => s.Start);
        var end = trace.Max(s => s.Start.AddMilliseconds(s.DurationMs));
        return new TraceSummary(
            trace.Key, root.Name, root.Service, trace.Select(s => s.Service).Distinct().Order().ToList(),
            start, (end - start).TotalMilliseconds, trace.Count(), trace.Any(s => s.IsError));
    }
}
