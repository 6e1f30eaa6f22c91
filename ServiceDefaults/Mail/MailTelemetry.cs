using System.Diagnostics.Metrics;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>Mail sent, retried and set aside, and the queue's size (counted only while something exports it).</summary>
public sealed class MailTelemetry
{
    public const string Name = "FlexPlatform.Mail";
    private static readonly TimeSpan CountEvery = TimeSpan.FromSeconds(15);

    private readonly Counter<long> _outcomes;
    private readonly ObservableGauge<long> _queuedGauge;
    private MailQueueState _state = new(0, 0, 0);
    private long _countedAt;

    public MailTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _outcomes = meter.CreateCounter<long>("flex.mail.outcomes", "{mail}", "Mails handed to the mail server, by outcome (sent, retry, failed, not_tried).");
        _queuedGauge = meter.CreateObservableGauge("flex.mail.queued", () => Volatile.Read(ref _state).Queued, "{mail}", "Mails waiting to be sent.");
        meter.CreateObservableGauge("flex.mail.dead", () => Volatile.Read(ref _state).Dead, "{mail}", "Mails refused for good, set aside for an admin.");
    }

    public void Record(IReadOnlyList<MailOutcome> outcomes)
    {
        foreach (var fate in outcomes.GroupBy(o => o.Fate))
        {
            _outcomes.Add(fate.Count(), new KeyValuePair<string, object?>("outcome", fate.Key switch
            {
                MailFate.Sent => "sent",
                MailFate.Retry => "retry",
                MailFate.Failed => "failed",
                _ => "not_tried",
            }));
        }
    }

    /// <summary>Counts the queue now and then, when the gauges are exported: counting costs a query.</summary>
    public async Task RefreshAsync(MailQueue queue, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (!_queuedGauge.Enabled || now - Interlocked.Read(ref _countedAt) < CountEvery.TotalMilliseconds)
        {
            return;
        }

        Interlocked.Exchange(ref _countedAt, now);
        Volatile.Write(ref _state, await queue.CountAsync(cancellationToken));
    }
}
