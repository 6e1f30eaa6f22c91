using FlexPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ (<c>ConnectionStrings__messaging</c>, an amqp:// URI), the
    /// transactional outbox relay and the inbox. Call after <c>AddPostgresDatabase</c>.
    /// <paramref name="routes"/> are the platform's durable queues and their events, declared before this
    /// service's first publish (<see cref="DurableSubscriptions"/>), and the routing keys events are published with.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        EventRoutes routes,
        Action<IBusRegistrationConfigurator>? configureConsumers = null,
        string connectionName = "messaging")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing (ConnectionStrings__{connectionName}).");
        // Durable queues are named from a messaging setting of their own: renaming telemetry must never orphan them.
        var serviceName = builder.Configuration[$"{MessagingOptions.Section}:{nameof(MessagingOptions.QueuePrefix)}"] is { Length: > 0 } prefix
            ? prefix
            : throw new InvalidOperationException($"{MessagingOptions.Section}:{nameof(MessagingOptions.QueuePrefix)} is required: it names this service's durable queues.");

        builder.Services.AddMassTransit(bus =>
        {
            // Queues are named per service ("engagement-pledge-confirmed") so each service gets every event.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configureConsumers?.Invoke(bus);
            // A filtered queue is bound by DurableSubscriptions, through its keys: MassTransit's binding would hear every event.
            var filtered = routes.Filtered.Keys.Select(k => k.Queue).ToHashSet(StringComparer.Ordinal);
            bus.AddConfigureEndpointsCallback((name, endpoint) =>
            {
                if (filtered.Contains(name))
                {
                    endpoint.ConfigureConsumeTopology = false;
                }
            });
            // A broker outage degrades the service (the outbox keeps every event) rather than taking it out of rotation.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = connectionName;
                health.MinimalFailureStatus = HealthStatus.Degraded;
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                // Consumers mostly wait on PostgreSQL commits; more in flight keeps up with bursts.
                rabbit.PrefetchCount = 32;
                ConfigureRetries(rabbit, context.GetRequiredService<IOptions<MessagingOptions>>().Value);
                rabbit.ConfigureEndpoints(context);
            });
        });

        // Consumers are known only after registration; the error queues of the durable ones are watched and replayable.
        // A per-replica (temporary) endpoint is named otherwise and leaves no error queue behind: it is not in the
        // platform's list. A host with no list (a test host) watches every consumer's.
        var consumers = builder.Services.Where(d => d.ServiceType.IsAssignableTo(typeof(IConsumer)) && !d.ServiceType.IsInterface)
            .Select(d => d.ServiceType).Distinct().ToArray();
        var formatter = new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false);
        var endpoints = consumers.Select(c => ErrorQueues.EndpointName(formatter, c))
            .Where(name => routes.Durable.Count == 0 || routes.Durable.ContainsKey(name)).ToArray();
        builder.Services.AddSingleton(new ErrorQueues.Endpoints(endpoints));
        builder.Services.AddSingleton(sp => new ErrorQueues(new Uri(connectionString), sp.GetRequiredService<ErrorQueues.Endpoints>()));
        builder.Services.AddHealthChecks().AddCheck<ErrorQueueHealthCheck>("error-queues", HealthStatus.Degraded, [Extensions.ReadyTag]);
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<InboxJanitor>();

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MessagingTelemetry>();
        builder.Services.AddConsumeObserver<ConsumeLagObserver>();
        builder.Services.AddSingleton(routes);
        builder.Services.AddSingleton(sp => new DurableSubscriptions(new Uri(connectionString), routes, sp.GetRequiredService<IBus>()));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", HealthStatus.Degraded, [Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Batch delivery for a high-volume event: up to 16 messages, or what arrived within 10 ms of
    /// the first, two batches at a time (32 in flight, the prefetch).
    /// </summary>
    public static void Batched<T>(IRegistrationContext context, IConsumerConfigurator<T> consumer)
        where T : class, IConsumer =>
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(16).SetTimeLimit(TimeSpan.FromMilliseconds(10)).SetConcurrencyLimit(2));

    // In-process retries only: Debian's RabbitMQ has no delayed-exchange plugin. Two layers: a
    // dependency that is away is retried with backoff for as long as it takes (nothing parked, counts
    // converge); any other failure gets a few tries and then the _error queue, visible and replayable.
    private static void ConfigureRetries(IRabbitMqBusFactoryConfigurator rabbit, MessagingOptions options)
    {
        rabbit.UseMessageRetry(r =>
        {
            r.Ignore<Exception>(TransientFailures.Is);
            r.Exponential(options.PermanentFailureRetries, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
        });
        rabbit.UseMessageRetry(r =>
        {
            r.Handle<Exception>(TransientFailures.Is);
            r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), options.MaxTransientRetryInterval, TimeSpan.FromSeconds(1));
        });
    }
}
