using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using System.Collections.Concurrent;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Testing;
using MassTransit;
using Xunit;

namespace FlexPlatform.Replicas.Tests;

/// <summary>
/// The whole platform with Pledge and Engagement at two replicas each, a listener on the broker that
/// records every event as published, and each replica's access and consume log lines to tell them apart.
/// </summary>
public sealed class ReplicasFixture : IAsyncLifetime
{
    public const int Replicas = 2;

    private IBusControl? _probe;

    public PlatformFixture Platform { get; } = new()
    {
        Replicas = Replicas,
        Configure = builder =>
        {
            // Test-only logging: each replica's access log, every message it receives and every one its inbox handled (ids and types, no bodies).
            foreach (var name in new[] { "pledge", "engagement" })
            {
                builder.CreateResourceBuilder<ProjectResource>(name)
                    .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information")
                    .WithEnvironment("Logging__LogLevel__MassTransit.Messages", "Debug")
                    .WithEnvironment("Logging__LogLevel__FlexPlatform.ServiceDefaults.Messaging.Inbox", "Debug");
            }
        },
    };

    /// <summary>Every PledgeConfirmed as it left an outbox: message id and supporter.</summary>
    public ConcurrentQueue<(Guid? MessageId, Guid SupporterId)> Confirmed { get; } = new();

    public ConcurrentQueue<(Guid? MessageId, long Threshold)> Milestones { get; } = new();

    public IReadOnlyList<Replica> PledgeReplicas => ReplicasOf("pledge");

    public IReadOnlyList<Replica> EngagementReplicas => ReplicasOf("engagement");

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        var broker = new Uri(Platform.ConnectionString("messaging"));
        _probe = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker);
            // Its own queue on the events' exchanges: one copy of each publish, whoever published it.
            rabbit.ReceiveEndpoint("replicas-tests-probe", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                // One at a time, in queue order: a sentinel heard means everything queued before it was heard.
                endpoint.PrefetchCount = 1;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<PledgeConfirmed>(context =>
                {
                    Confirmed.Enqueue((context.MessageId, context.Message.SupporterId));
                    return Task.CompletedTask;
                });
                endpoint.Handler<MilestoneReached>(context =>
                {
                    Milestones.Enqueue((context.MessageId, context.Message.Threshold));
                    return Task.CompletedTask;
                });
            });
        });
        await _probe.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.StopAsync();
        }

        await Platform.DisposeAsync();
    }

    /// <summary>Lines one replica wrote since start.</summary>
    public IEnumerable<string> LinesOf(Replica replica) =>
        Platform.LogLines.Where(l => l.StartsWith(replica.Name + " | ", StringComparison.Ordinal));

    /// <summary>
    /// Waits until each Pledge replica's console lines so far have arrived: they travel through DCP's log
    /// stream in order, so once a marked request's own line shows, every earlier one has too.
    /// </summary>
    public async Task FlushPledgeLogsAsync()
    {
        foreach (var replica in PledgeReplicas)
        {
            var marker = Guid.NewGuid().ToString("N");
            using var client = new HttpClient { BaseAddress = new Uri(replica.HttpUrl) };
            (await client.GetAsync($"/api/pledges/count?flush={marker}")).EnsureSuccessStatusCode();
            await PlatformFixture.EventuallyAsync(() => Task.FromResult(LinesOf(replica).Any(l => l.Contains(marker, StringComparison.Ordinal))), seen => seen);
        }
    }

    private List<Replica> ReplicasOf(string service) =>
        [.. Platform.InstancesOf(service).Select(id => new Replica(id, Platform.InstanceUrl(id)))];
}

/// <summary>One process of a scaled-out service: its resource id (its log prefix) and its own address.</summary>
public sealed record Replica(string Name, string HttpUrl);

[CollectionDefinition(Name)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>
{
    public const string Name = "replicas";
}
