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
        Assert.Equal(0, await QueueLengthAsync("engagement-pledge-confirmed"));

        using (var pledge = fixture.BuildHost(database, "pledge", Subscriptions.Durable))
        {
            await pledge.StartAsync();
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var tx = await connection.BeginTransactionAsync();
                var outbox = pledge.Services.GetRequiredService<Outbox>();
                await outbox.AddAsync(tx, new PledgeConfirmed(supporter, "abcdefgh", null, "ORGCODE1", DateTimeOffset.UtcNow));
                await outbox.CommitAsync(tx);
            }

            // Relayed and confirmed by the broker while no consumer of it has ever run.
            await PlatformFixture.EventuallyAsync(() => Sql.ScalarAsync(database, "SELECT count(*) FROM outbox_messages"), n => n == 0);
            await pledge.StopAsync();
        }

        // Both consumers' queues hold it: the exchange did not drop it for want of a binding.
        Assert.Equal(1, await QueueLengthAsync("engagement-pledge-confirmed"));
        Assert.Equal(1, await QueueLengthAsync("coalition-pledge-confirmed"));

        using var engagement = fixture.BuildHost(database, "engagement", Subscriptions.Durable, bus => bus.AddConsumer<PledgeConfirmedConsumer>());
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

