namespace FlexPlatform.AppHost.Dashboard.Telemetry;

public sealed record LogEntry(
    DateTimeOffset Time,
    string Resource,
    string Level,
    string Category,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>The newest structured log records from every process.</summary>
public sealed class LogStore(int capacity)
{
    public static readonly IReadOnlyList<string> Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    private readonly Ring<LogEntry> _logs = new(capacity);

    public int Count => _logs.Count;

    public void Add(IEnumerable<LogEntry> logs) => _logs.AddRange(logs);

    /// <summary>Newest first; <paramref name="level"/> is a minimum, <paramref name="text"/> searches message, category and attributes.</summary>
    public IReadOnlyList<LogEntry> Query(string? resource = null, string? level = null, string? text = null, string? traceId = null, int limit = 200)
    {
        var minimum = level is null ? 0 : Math.Max(0, IndexOf(level));
        return _logs.Snapshot().Reverse()
            .Where(l => resource is null || l.Resource == resource)
            .Where(l => IndexOf(l.Level) >= minimum)
            .Where(l => traceId is null || string.Equals(l.TraceId, traceId, StringComparison.OrdinalIgnoreCase))
            .Where(l => text is null || Contains(l, text))
            .Take(limit)
            .ToList();
    }

    private static int IndexOf(string level)
    {
        for (var i = 0; i < Levels.Count; i++)
        {
            if (Levels[i].Equals(level, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Contains(LogEntry log, string text) =>
        log.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || log.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
        || log.Attributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase));
}
