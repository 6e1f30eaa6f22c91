using System.Collections.Concurrent;
using FlexPlatform.AppHost.Hosting;
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
                builder.Resource<ProjectResource>(name)
                    .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information")
                    .WithEnvironment("Logging__LogLevel__MassTransit.Messages", "Debug")
                    .WithEnvironment("Logging__LogLevel__FlexPlatform.ServiceDefaults.Messaging.Inbox", "Debug");
            }
        },
    };

    /// <summary>Every PledgeConfirmed as it left an outbox: message id and supporter.</summary>
    public ConcurrentQueue<(Guid? MessageId, Guid SupporterId)> Confirmed { get; } = new();

    public ConcurrentQueue<(Guid? MessageId, long Threshold)> Milestones { get; } = new();

    public IReadOnlyList<ProjectResource> PledgeReplicas => Platform.Platform.Resource<ProjectResource>("pledge").Replicas;

    public IReadOnlyList<ProjectResource> EngagementReplicas => Platform.Platform.Resource<ProjectResource>("engagement").Replicas;

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        var broker = new Uri(Platform.Platform.Resource<RabbitMqServer>("messaging").ConnectionString);
        _probe = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker);
            // Its own queue on the events' exchanges: one copy of each publish, whoever published it.
            rabbit.ReceiveEndpoint("replicas-tests-probe", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
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
    public IEnumerable<string> LinesOf(ProjectResource replica) =>
        Platform.LogLines.Where(l => l.StartsWith(replica.Name + " | ", StringComparison.Ordinal));
}

[CollectionDefinition(Name)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>
{
    public const string Name = "replicas";
}
