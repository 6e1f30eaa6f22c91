using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Data;

/// <summary>
/// Group commit: the writes that arrive while a transaction is in flight wait for the next one, which stores them all
/// with multi-row statements and one commit (one flush of the WAL and one round trip per statement instead of one
/// each). Each caller answers only once its own write is durable. A batch PostgreSQL refuses for a reason other than
/// an outage is stored again item by item, so a bad item fails alone. Its span links every caller's trace (and is the
/// caller's own child when the batch holds only that caller).
/// </summary>
public abstract class GroupCommit<TItem, TOutcome>(ILogger logger) : BackgroundService
{
    public const int MaxBatch = 64;

    private static readonly ActivitySource Source = new("FlexPlatform.GroupCommit");

    // Two transactions in flight: one gathers while the other commits.
    private const int InFlight = 2;

    // Callers wait for room rather than pile up without bound while the database is slower than the requests.
    private readonly Channel<Waiting> _waiting = Channel.CreateBounded<Waiting>(new BoundedChannelOptions(16 * MaxBatch) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>The batch span's name ("store pledges").</summary>
    protected abstract string SpanName { get; }

    /// <summary>Stores a batch in one transaction; the outcomes in the order of <paramref name="items"/>.</summary>
    protected abstract Task<IReadOnlyList<TOutcome>> StoreAsync(IReadOnlyList<TItem> items, CancellationToken cancellationToken);

    public async Task<TOutcome> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(item, Activity.Current?.Context ?? default, new TaskCompletionSource<TOutcome>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        await _waiting.Writer.WriteAsync(waiting, cancellationToken);
        return await waiting.Outcome.Task.WaitAsync(cancellationToken);
    }

    // The batches' own work is never cancelled halfway (a commit whose outcome nobody knows): stopping closes the
    // channel, and the writers store what is queued and end.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => WriteAsync()));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Waiting>(MaxBatch);
        while (await _waiting.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _waiting.Reader.TryRead(out var next))
            {
                // A caller that stopped waiting (its request aborted) is not written for.
                if (next.CallerToken.IsCancellationRequested)
                {
                    next.Outcome.TrySetCanceled(next.CallerToken);
                }
                else
                {
                    batch.Add(next);
                }
            }

            // Both writers wake for one item: the one that found nothing waits again.
            if (batch.Count > 0)
            {
                await StoreBatchAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
    }

    private async Task StoreBatchAsync(List<Waiting> batch, CancellationToken cancellationToken)
    {
        // A batch of one continues its caller's trace; a larger one links each caller's.
        using var activity = batch.Count == 1
            ? Source.StartActivity(SpanName, ActivityKind.Internal, batch[0].Context)
            : Source.StartActivity(SpanName, ActivityKind.Internal, default(ActivityContext), links: batch.Where(w => w.Context != default).Select(w => new ActivityLink(w.Context)));
        activity?.SetTag("flex.batch.size", batch.Count);
        try
        {
            var outcomes = await StoreAsync(batch.Select(w => w.Item).ToList(), cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1 && (ex is PostgresException { SqlState: "40P01" or "40001" } || !TransientFailures.Is(ex)))
        {
            // One item the database or the code refuses, or two batches deadlocked: each item again, alone.
            logger.LogWarning(ex, "A batch of {Count} failed as a whole ({Span}); storing its items one by one", batch.Count, SpanName);
            foreach (var waiting in batch)
            {
                try
                {
                    waiting.Outcome.TrySetResult((await StoreAsync([waiting.Item], cancellationToken))[0]);
                }
                catch (Exception one)
                {
                    waiting.Outcome.TrySetException(one);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var waiting in batch)
            {
                waiting.Outcome.TrySetException(ex);
            }
        }
    }

    private sealed record Waiting(TItem Item, ActivityContext Context, TaskCompletionSource<TOutcome> Outcome, CancellationToken CallerToken);
}
