using System.Threading.Channels;
using Npgsql;

namespace FlexPlatform.Pledge.Data;

/// <summary>
/// Group commit for pledges: requests that arrive while a transaction is in flight wait for the next one, which stores
/// them all with multi-row statements and one commit (one flush of the WAL instead of one each). Each request answers
/// only once its own row is durable. A batch that fails for a reason other than an outage is written again pledge by
/// pledge, so a bad row fails alone.
/// </summary>
public sealed class PledgeWriter(SupporterStore store, ILogger<PledgeWriter> logger) : BackgroundService
{
    public const int MaxBatch = 64;

    // Two transactions in flight: one gathers while the other commits.
    private const int Writers = 2;

    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    public async Task<SubmitOutcome> SubmitAsync(PendingPledge pledge, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(pledge, new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _waiting.Writer.WriteAsync(waiting, cancellationToken);
        return await waiting.Outcome.Task.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteAsync(stoppingToken)));

    private async Task WriteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Waiting>(MaxBatch);
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _waiting.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await StoreAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var waiting in batch)
            {
                waiting.Outcome.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task StoreAsync(List<Waiting> batch, CancellationToken stoppingToken)
    {
        try
        {
            var outcomes = await store.SubmitAsync(batch.Select(w => w.Pledge).ToList(), stoppingToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (PostgresException ex) when (batch.Count > 1 && !TransientFailures.Is(ex))
        {
            logger.LogWarning(ex, "A batch of {Count} pledges failed; storing them one by one", batch.Count);
            foreach (var waiting in batch)
            {
                try
                {
                    waiting.Outcome.TrySetResult((await store.SubmitAsync([waiting.Pledge], stoppingToken))[0]);
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

    private sealed record Waiting(PendingPledge Pledge, TaskCompletionSource<SubmitOutcome> Outcome);
}
