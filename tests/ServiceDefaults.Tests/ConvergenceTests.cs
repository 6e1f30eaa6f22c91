using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>Failed messages: a dependency away is waited out; anything else is parked visibly and can be replayed.</summary>
public sealed class ConvergenceTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private const string Queue = "probe-probe";

    private IBus Bus => fixture.Host.Services.GetRequiredService<IBus>();

    private ErrorQueues ErrorQueues => fixture.Host.Services.GetRequiredService<ErrorQueues>();

    [Fact]
    public async Task Consumer_whose_dependency_is_away_keeps_retrying_and_runs_once_when_it_is_back()
    {
        var probe = Guid.NewGuid();
        // Far longer than the "permanent failure" retries (one) would last.
        ProbeFaults.AwayUntil[probe] = DateTime.UtcNow.AddSeconds(6);

        await Bus.Publish(new ProbeHappened(probe));

        Assert.Equal(1, await PlatformFixture.EventuallyAsync(() => RunsAsync(probe), n => n >= 1, TimeSpan.FromSeconds(30)));
        Assert.True(ProbeFaults.Attempts[probe] > 2, $"only {ProbeFaults.Attempts[probe]} attempts");
        Assert.Equal(0, await ErrorCountAsync());
    }

    [Fact]
    public async Task Message_that_can_never_succeed_is_parked_counted_on_health_and_replayed_once_fixed()
    {
        var probe = Guid.NewGuid();
        ProbeFaults.Broken[probe] = true;
        var before = await ErrorCountAsync();

        await Bus.Publish(new ProbeHappened(probe));

        Assert.Equal(before + 1, await PlatformFixture.EventuallyAsync(ErrorCountAsync, n => n > before));
        var health = await fixture.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "error-queues");
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(before + 1, Convert.ToInt64(health.Entries["error-queues"].Data[Queue + "_error"]));
        Assert.Equal(0, await RunsAsync(probe));

        ProbeFaults.Broken.TryRemove(probe, out _);
        Assert.Equal(before + 1, await ErrorQueues.ReplayAsync(Queue, CancellationToken.None));

        Assert.Equal(1, await PlatformFixture.EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
        Assert.Equal(0, await ErrorCountAsync());
    }

    [Fact]
    public async Task Replaying_a_message_that_fails_again_moves_it_once_and_ends()
    {
        var probe = Guid.NewGuid();
        ProbeFaults.Broken[probe] = true;
        var before = await ErrorCountAsync();
        await Bus.Publish(new ProbeHappened(probe));
        var parked = await PlatformFixture.EventuallyAsync(ErrorCountAsync, n => n > before);
        var attempts = ProbeFaults.Attempts[probe];

        // Still broken: it fails straight away and comes back to the error queue while the replay runs.
        Assert.Equal(parked, await ErrorQueues.ReplayAsync(Queue, CancellationToken.None));

        await PlatformFixture.EventuallyAsync(
            async () => (Parked: await ErrorCountAsync(), Attempts: ProbeFaults.Attempts[probe]), s => s.Parked == parked && s.Attempts > attempts);
        ProbeFaults.Broken.TryRemove(probe, out _);
        await ErrorQueues.ReplayAsync(Queue, CancellationToken.None);
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
    }

    [Fact]
    public async Task A_bad_message_in_a_batch_does_not_hold_back_the_others_and_a_replay_runs_nothing_twice()
    {
        var good = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        var bad = Guid.NewGuid();
        ProbeFaults.Broken[bad] = true;
        var batchQueue = (await ErrorQueues.CountAsync(CancellationToken.None)).Single(q => q.Queue.Contains("batch", StringComparison.Ordinal)).Queue;

        await Task.WhenAll(good.Take(6).Append(bad).Concat(good.Skip(6)).Select(p => Bus.Publish(new BatchProbeHappened(p))));

        // Every good probe commits once, though it shared a batch with the bad one.
        foreach (var probe in good)
        {
            Assert.Equal(1, await PlatformFixture.EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
        }

        // The whole batch that held the bad probe is parked, message by message: wait for all of it.
        var batchSize = await PlatformFixture.EventuallyAsync(() => Task.FromResult(ProbeFaults.FailedBatchSizes.GetValueOrDefault(bad)), n => n > 0, TimeSpan.FromSeconds(60));
        Assert.True(batchSize > 0, "the bad probe's batch never ran");
        var parked = await PlatformFixture.EventuallyAsync(() => BatchErrorCountAsync(batchQueue), n => n == batchSize, TimeSpan.FromSeconds(60));
        Assert.Equal(batchSize, parked);
        Assert.Equal(0, await RunsAsync(bad));

        ProbeFaults.Broken.TryRemove(bad, out _);
        Assert.Equal(parked, await ErrorQueues.ReplayAsync(batchQueue, CancellationToken.None));
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(() => RunsAsync(bad), n => n >= 1));
        await PlatformFixture.EventuallyAsync(() => BatchErrorCountAsync(batchQueue), n => n == 0);
        foreach (var probe in good)
        {
            Assert.Equal(1, await RunsAsync(probe));
        }
    }

    [Fact]
    public async Task Inbox_rows_past_the_retention_are_cleaned_and_recent_ones_kept()
    {
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await fixture.ScalarAsync("INSERT INTO inbox_messages (message_id, consumer, handled_at) VALUES ($1, 'janitor-test', now() - interval '30 days'), ($2, 'janitor-test', now())", old, recent);

        var removed = await fixture.Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<InboxJanitor>().Single().CleanAsync(CancellationToken.None);

        Assert.True(removed >= 1);
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM inbox_messages WHERE message_id = $1", old));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM inbox_messages WHERE message_id = $1", recent));
    }

    private async Task<long> ErrorCountAsync() =>
        (await ErrorQueues.CountAsync(CancellationToken.None)).Single(q => q.Queue == Queue).Messages;

    private async Task<long> BatchErrorCountAsync(string queue) =>
        (await ErrorQueues.CountAsync(CancellationToken.None)).Single(q => q.Queue == queue).Messages;

    private Task<long> RunsAsync(Guid probe) => fixture.ScalarAsync("SELECT count(*) FROM probe_runs WHERE probe_id = $1", probe);
}
