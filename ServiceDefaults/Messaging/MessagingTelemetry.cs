using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>What our own messaging plumbing reports: the relay's publish spans, the outbox backlog and consume lag.</summary>
public sealed class MessagingTelemetry
{
    public const string Name = "FlexPlatform.Messaging";

    public static readonly ActivitySource Source = new(Name);

    private readonly Histogram<double> _lag;
    private readonly ObservableGauge<long> _backlogGauge;
    private long _backlog;

    public MessagingTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _lag = meter.CreateHistogram<double>("flex.messaging.consume.lag", "s", "From an event's publish to its consumer having handled it.");
        _backlogGauge = meter.CreateObservableGauge("flex.outbox.backlog", () => Interlocked.Read(ref _backlog), "{message}", "Events committed to the outbox, not yet relayed.");
    }

    /// <summary>Whether anything exports the backlog: counting it costs a query, so only then.</summary>
    public bool BacklogObserved => _backlogGauge.Enabled;

    public void SetBacklog(long messages) => Interlocked.Exchange(ref _backlog, messages);

    public void RecordLag(TimeSpan lag, string queue) =>
        _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("messaging.destination.name", queue));

    /// <summary>The relay's publish of one outbox row, as a child of the operation that wrote it.</summary>
    public static Activity? StartRelay(string messageType, string? traceParent) =>
        Source.StartActivity(
            $"outbox relay {messageType[(messageType.LastIndexOf('.') + 1)..]}",
            ActivityKind.Internal,
            ActivityContext.TryParse(traceParent, null, out var parent) ? parent : default);
}
