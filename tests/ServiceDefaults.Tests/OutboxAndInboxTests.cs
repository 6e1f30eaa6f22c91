using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

public sealed class OutboxAndInboxTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private Outbox Outbox => fixture.Host.Services.GetRequiredService<Outbox>();

    [Fact]
    public async Task Event_committed_with_its_transaction_reaches_the_consumer_once_and_leaves_the_outbox()
    {
        var probe = Guid.NewGuid();

        await WriteProbeAsync(probe, tx => Outbox.CommitAsync(tx));

        Assert.Equal(1, await EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
        Assert.Equal(0, await EventuallyAsync(() => fixture.ScalarAsync("SELECT count(*) FROM outbox_messages"), n => n == 0));
        await Task.Delay(500);
        Assert.Equal(1, await RunsAsync(probe));
    }

    [Fact]
    public async Task Event_of_a_rolled_back_transaction_is_never_published()
    {
        var probe = Guid.NewGuid();

        await WriteProbeAsync(probe, tx => tx.RollbackAsync());

        await Task.Delay(1500);
        Assert.Equal(0, await RunsAsync(probe));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE body->>'probeId' = $1", probe.ToString()));
    }

    [Fact]
    public async Task Redelivered_message_runs_the_consumer_work_once()
    {
        var probe = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var bus = fixture.Host.Services.GetRequiredService<IBus>();

        for (var i = 0; i < 3; i++)
        {
            await bus.Publish(new ProbeHappened(probe), context => context.MessageId = messageId);
        }

        Assert.Equal(1, await EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
        await Task.Delay(1000);
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM inbox_messages WHERE message_id = $1", messageId));
        Assert.Equal(1, await RunsAsync(probe));
    }

    [Fact]
    public async Task Rows_left_by_a_crashed_relay_are_relayed_by_the_next_poll()
    {
        var probe = Guid.NewGuid();

        // Written behind the dispatcher's back, as if the process died right after committing.
        await WriteProbeAsync(probe, tx => tx.CommitAsync());

        Assert.Equal(1, await EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
    }

    /// <summary>Adds a probe event to the outbox in a transaction that <paramref name="end"/> finishes.</summary>
    private async Task WriteProbeAsync(Guid probe, Func<NpgsqlTransaction, Task> end)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await Outbox.AddAsync(tx, new ProbeHappened(probe));
        await end(tx);
    }

    private Task<long> RunsAsync(Guid probe) => fixture.ScalarAsync("SELECT count(*) FROM probe_runs WHERE probe_id = $1", probe);

    private static async Task<long> EventuallyAsync(Func<Task<long>> read, Func<long, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var value = await read();
        while (!condition(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }
}
