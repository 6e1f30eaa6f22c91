using System.Collections.Concurrent;
using FlexPlatform.Contracts;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabbitMQ.Client;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>
/// A first deploy in the worst order: Pledge runs and publishes before Engagement or Coalition have ever run on
/// this broker. The platform's durable queues are declared by the publisher, so nothing is dropped.
/// (Part of <see cref="OutboxAndInboxTests"/>, to share its servers.)
/// </summary>
public sealed partial class OutboxAndInboxTests
{
    [Fact]
    public async Task A_confirmation_published_before_its_consumers_ever_ran_waits_for_them_and_arrives()
    {
        var database = await fixture.CreateDatabaseAsync("first_deploy");
        var supporter = Guid.NewGuid();
        // No consumer of either queue has run; the other test of this file may have left events in them.
        var engagementBefore = await QueueLengthAsync("engagement-pledge-confirmed");
        var coalitionBefore = await QueueLengthAsync("coalition-pledge-confirmed");

        using (var pledge = fixture.BuildHost(database, "pledge", PlatformRoutes))
        {
            await pledge.StartAsync();
            // Relayed and confirmed by the broker while no consumer of it has ever run.
            await RelayAsync(pledge, database, new PledgeConfirmed(supporter, "abcdefgh", null, "ORGCODE1", DateTimeOffset.UtcNow));
            await pledge.StopAsync();
        }

        // Both consumers' queues hold it: the exchange did not drop it for want of a binding.
        Assert.Equal(engagementBefore + 1, await QueueLengthAsync("engagement-pledge-confirmed"));
        Assert.Equal(coalitionBefore + 1, await QueueLengthAsync("coalition-pledge-confirmed"));

        using var engagement = fixture.BuildHost(database, "engagement", PlatformRoutes, bus => bus.AddConsumer<PledgeConfirmedConsumer>());
        await engagement.StartAsync();
        try
        {
            var heard = await PlatformFixture.EventuallyAsync(
                () => Task.FromResult(PledgeConfirmedConsumer.Heard.Contains(supporter)), heard => heard, TimeSpan.FromSeconds(30));
            Assert.True(heard, "Engagement, started after the publish, never received the confirmation");
        }
        finally
        {
            await engagement.StopAsync();
        }
    }

    [Fact]
    public async Task Coalition_hears_only_confirmations_with_an_organization_code_and_every_one_from_a_release_before_routing_keys()
    {
        var database = await fixture.CreateDatabaseAsync("routing_keys");
        var confirmed = typeof(PledgeConfirmed).FullName!.Replace(".PledgeConfirmed", ":PledgeConfirmed", StringComparison.Ordinal);
        await using (var connection = await new ConnectionFactory { Uri = new Uri(fixture.Broker) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            // The binding every release before routing keys made: it hears every confirmation.
            await channel.ExchangeDeclareAsync(confirmed, ExchangeType.Fanout, durable: true);
            await channel.ExchangeDeclareAsync("coalition-pledge-confirmed", ExchangeType.Fanout, durable: true);
            await channel.ExchangeBindAsync("coalition-pledge-confirmed", confirmed, "");
        }

        using var pledge = fixture.BuildHost(database, "pledge", PlatformRoutes);
        await pledge.StartAsync();
        try
        {
            // Once an event is relayed, the relay has declared the platform's queues and removed that binding.
            await RelayAsync(pledge, database, new PledgeWithdrawn(Guid.NewGuid(), null, null, DateTimeOffset.UtcNow));

            // Coalition's consumer starts and stops: MassTransit's own binding, had it made one, would stay. (Its host
            // declares nothing itself here, so that only MassTransit could have bound the queue.)
            var consumerOnly = new EventRoutes(new Dictionary<string, IReadOnlyList<Type>>(), Subscriptions.Filtered, Subscriptions.RoutingKey);
            using (var coalition = fixture.BuildHost(database, "coalition", consumerOnly, bus => bus.AddConsumer<PledgeConfirmedConsumer>()))
            {
                await coalition.StartAsync();
                await coalition.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
                await coalition.StopAsync();
            }

            var coalitionBefore = await QueueLengthAsync("coalition-pledge-confirmed");
            var engagementBefore = await QueueLengthAsync("engagement-pledge-confirmed");
            await RelayAsync(pledge, database,
                new PledgeConfirmed(Guid.NewGuid(), "abcdefgh", null, "ORGCODE1", DateTimeOffset.UtcNow),
                new PledgeConfirmed(Guid.NewGuid(), "bcdefghi", null, null, DateTimeOffset.UtcNow));
            // As a Pledge replica of the previous release publishes during a rolling deploy: no routing key.
            await pledge.Services.GetRequiredService<IBus>().Publish(new PledgeConfirmed(Guid.NewGuid(), "cdefghij", null, null, DateTimeOffset.UtcNow));

            // Engagement hears all three; Coalition the one with a code and the one without a key, each once.
            Assert.Equal(engagementBefore + 3, await QueueLengthAsync("engagement-pledge-confirmed"));
            Assert.Equal(coalitionBefore + 2, await QueueLengthAsync("coalition-pledge-confirmed"));
        }
        finally
        {
            await pledge.StopAsync();
        }
    }

    // Written to the host's outbox in one transaction; returns once all of it is relayed (confirmed by the broker).
    private static async Task RelayAsync<T>(IHost host, string database, params T[] events)
        where T : class
    {
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var outbox = host.Services.GetRequiredService<Outbox>();
            foreach (var message in events)
            {
                await outbox.AddAsync(tx, message);
            }

            await outbox.CommitAsync(tx);
        }

        await PlatformFixture.EventuallyAsync(() => Sql.ScalarAsync(database, "SELECT count(*) FROM outbox_messages"), n => n == 0);
    }

    private static readonly EventRoutes PlatformRoutes = new(Subscriptions.Durable, Subscriptions.Filtered, Subscriptions.RoutingKey);

    private async Task<long> QueueLengthAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(fixture.Broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}

/// <summary>Stands in for Engagement's consumer: same endpoint name ("engagement-pledge-confirmed"), records what it hears.</summary>
public sealed class PledgeConfirmedConsumer : IConsumer<PledgeConfirmed>
{
    public static readonly ConcurrentBag<Guid> Heard = [];

    public Task Consume(ConsumeContext<PledgeConfirmed> context)
    {
        Heard.Add(context.Message.SupporterId);
        return Task.CompletedTask;
    }
}

