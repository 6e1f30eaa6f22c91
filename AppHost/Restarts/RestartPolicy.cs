using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlexPlatform.AppHost.Restarts;

/// <summary>
/// An orchestrator's restart policy, which DCP lacks: a server or service that exits without being
/// asked is started again after 1 s, doubling to 30 s while it keeps failing, and its restart count
/// is shown on the dashboard (the <c>restarts</c> property). One stopped on purpose, from the
/// dashboard or a test's stop command, stays stopped until started again.
/// </summary>
internal sealed class RestartPolicy(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    ILogger<RestartPolicy> logger)
{
    public const string RestartsProperty = "restarts";
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableUptime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Tracked> _tracked = new();

    /// <summary>Stops asked for, by resource id: what the policy must leave alone.</summary>
    private readonly ConcurrentDictionary<string, bool> _stopsAsked = new();

    /// <summary>Wraps each resource's stop, start and restart commands so the policy knows which stops were asked for.</summary>
    public void WatchCommands(DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources)
        {
            Wrap(resource, KnownResourceCommands.StopCommand, id => _stopsAsked[id] = true, _ => { });
            Wrap(resource, KnownResourceCommands.StartCommand, id => _stopsAsked.TryRemove(id, out _), _ => { });
            // A restart stops first: that exit was asked for too, until the restart is done.
            Wrap(resource, KnownResourceCommands.RestartCommand, id => _stopsAsked[id] = true, id => _stopsAsked.TryRemove(id, out _));
        }
    }

    /// <summary>Watches from before the first resource starts, so a crash during start-up is seen too.</summary>
    public void Start() => _ = Task.Run(() => WatchAsync(lifetime.ApplicationStopping));

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            var state = change.Snapshot.State?.Text;
            logger.LogDebug("{Resource}: {State} {Health}", change.ResourceId, state, change.Snapshot.HealthStatus);
            if (change.Resource is not (ExecutableResource or ProjectResource))
            {
                continue;
            }

            var tracked = _tracked.GetOrAdd(change.ResourceId, _ => new Tracked());

            if (state == KnownResourceStates.Running && tracked.State != KnownResourceStates.Running)
            {
                tracked.RunningSince = DateTime.UtcNow;
            }

            var crashed = KnownResourceStates.TerminalStates.Contains(state)
                && tracked.State is not null && !KnownResourceStates.TerminalStates.Contains(tracked.State)
                && !_stopsAsked.ContainsKey(change.ResourceId)
                && !lifetime.ApplicationStopping.IsCancellationRequested;
            tracked.State = state;
            if (crashed)
            {
                _ = RestartAsync(change.Resource, change.ResourceId, tracked, change.Snapshot.ExitCode, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(IResource resource, string resourceId, Tracked tracked, int? exitCode, CancellationToken stoppingToken)
    {
        tracked.Delay = DateTime.UtcNow - tracked.RunningSince > StableUptime ? FirstDelay : tracked.Delay;
        logger.LogWarning("{Resource} exited unexpectedly (code {ExitCode}); starting it again in {Delay} s", resourceId, exitCode, tracked.Delay.TotalSeconds);
        try
        {
            await Task.Delay(tracked.Delay, stoppingToken);
            tracked.Delay = TimeSpan.FromTicks(Math.Min(tracked.Delay.Ticks * 2, MaxDelay.Ticks));
            if (_stopsAsked.ContainsKey(resourceId) || !KnownResourceStates.TerminalStates.Contains(tracked.State))
            {
                return; // stopped or started on purpose meanwhile
            }

            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            var restarts = Interlocked.Increment(ref tracked.Restarts);
            await notifications.PublishUpdateAsync(resource, resourceId, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != RestartsProperty), new ResourcePropertySnapshot(RestartsProperty, restarts)],
            });
            if (!result.Success)
            {
                logger.LogWarning("{Resource} did not start again: {Error}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static void Wrap(IResource resource, string command, Action<string> before, Action<string> after)
    {
        if (resource.Annotations.OfType<ResourceCommandAnnotation>().LastOrDefault(a => a.Name == command) is not { } original)
        {
            return;
        }

        resource.Annotations.Remove(original);
#pragma warning disable CS0618 // Parameter is obsolete, but a wrapper must hand on whatever the original carries.
        resource.Annotations.Add(new ResourceCommandAnnotation(
            original.Name, original.DisplayName, original.UpdateState,
            async context =>
            {
                before(context.ResourceName);
                try
                {
                    return await original.ExecuteCommand(context);
                }
                finally
                {
                    after(context.ResourceName);
                }
            },
            original.DisplayDescription, original.Parameter, original.ConfirmationMessage, original.IconName, original.IconVariant, original.IsHighlighted));
#pragma warning restore CS0618
    }

    private sealed class Tracked
    {
        public string? State { get; set; }

        public DateTime RunningSince { get; set; } = DateTime.UtcNow;

        public TimeSpan Delay { get; set; } = FirstDelay;

        public int Restarts;
    }
}

public static class RestartPolicyExtensions
{
    /// <summary>Restarts whatever exits without being asked to; see <see cref="RestartPolicy"/>.</summary>
    public static IDistributedApplicationBuilder AddRestartPolicy(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RestartPolicy>();
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<RestartPolicy>().Start();
            return Task.CompletedTask;
        });
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, _) =>
        {
            e.Services.GetRequiredService<RestartPolicy>().WatchCommands(e.Model);
            return Task.CompletedTask;
        });
        return builder;
    }
}
