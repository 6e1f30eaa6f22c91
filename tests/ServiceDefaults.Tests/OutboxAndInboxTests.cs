using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

public sealed partial class OutboxAndInboxTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
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
    public async Task A_batch_of_events_is_written_in_one_statement_in_order_each_with_its_own_trace_and_each_reaches_the_consumer()
    {
        var probes = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var traces = new[] { "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" };
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();

        var ids = await Outbox.AddAllAsync(tx, probes.Zip(traces).Select(p => (new ProbeHappened(p.First), p.Second)).ToList());

        await using (var read = new NpgsqlCommand(
            "SELECT message_id, body->>'probeId', trace_parent FROM outbox_messages WHERE message_id = ANY($1) ORDER BY seq", connection, tx))
        {
            read.Parameters.AddWithValue(ids);
            await using var reader = await read.ExecuteReaderAsync();
            for (var i = 0; i < probes.Length; i++)
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal((ids[i], probes[i].ToString(), traces[i]), (reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            Assert.False(await reader.ReadAsync());
        }

        await Outbox.CommitAsync(tx);
        foreach (var probe in probes)
        {
            Assert.Equal(1, await EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
        }
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

    [Fact]
    public async Task Rows_that_can_never_be_published_are_set_aside_and_the_rows_after_them_are_published()
    {
        var probe = Guid.NewGuid();
        Guid renamed = Guid.NewGuid(), garbled = Guid.NewGuid();
        await WriteProbeAsync(probe, async tx =>
        {
            // A rolling deploy renamed an event type; another row's body no longer reads as its type.
            await InsertRawAsync(tx, renamed, "FlexPlatform.Renamed.OldEvent, FlexPlatform.Gone", "{}");
            await InsertRawAsync(tx, garbled, $"{typeof(ProbeHappened).FullName}, {typeof(ProbeHappened).Assembly.GetName().Name}", "[1, 2, 3]");
            await Outbox.CommitAsync(tx);
        });

        Assert.Equal(1, await EventuallyAsync(() => RunsAsync(probe), n => n >= 1));
        Assert.Equal(0, await EventuallyAsync(() => fixture.ScalarAsync("SELECT count(*) FROM outbox_messages"), n => n == 0));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM outbox_dead WHERE message_id = $1 AND reason LIKE 'no such event type%'", renamed));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM outbox_dead WHERE message_id = $1 AND reason LIKE 'the body does not read as ProbeHappened%'", garbled));
        var health = await fixture.Host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(c => c.Name == "outbox");
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Status);
        await fixture.ScalarAsync("WITH d AS (DELETE FROM outbox_dead RETURNING 1) SELECT count(*) FROM d");
    }

    private static async Task InsertRawAsync(NpgsqlTransaction tx, Guid messageId, string type, string body)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO outbox_messages (message_id, message_type, body) VALUES ($1, $2, $3::jsonb)", tx.Connection, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = messageId });
        insert.Parameters.Add(new NpgsqlParameter { Value = type });
        insert.Parameters.Add(new NpgsqlParameter { Value = body });
        await insert.ExecuteNonQueryAsync();
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
