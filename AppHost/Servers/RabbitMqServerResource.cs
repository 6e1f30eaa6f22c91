using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// Debian's RabbitMQ started from /usr/lib/rabbitmq/bin (not the system service) with its own node
/// name, ports, cookie home and epmd port, so it neither needs nor disturbs a system broker.
/// </summary>
public sealed class RabbitMqServerResource(string name, string dataDirectory)
    : ExecutableResource(name, $"{Bin}/rabbitmq-server", dataDirectory), IResourceWithConnectionString
{
    public const string Bin = "/usr/lib/rabbitmq/bin";
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);


    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}/");
}

public static class RabbitMqBuilderExtensions
{
    public static IResourceBuilder<RabbitMqServerResource> AddDebianRabbitMQ(this IDistributedApplicationBuilder builder, string name, PlatformSettings settings)
    {
        var data = Path.Combine(settings.DataDirectory, name);
        var broker = new RabbitMqServerResource(name, data);
        var managementPort = FreePort.Pick();
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(broker, async (_, ct) =>
        {
            await ServerPackages.EnsureInstalledAsync("rabbitmq-server", () => File.Exists(broker.Command), ct);
            Directory.CreateDirectory(Path.Combine(data, "home"));
            Directory.CreateDirectory(Path.Combine(data, "log"));
            await File.WriteAllTextAsync(Path.Combine(data, "rabbitmq.conf"), """
                loopback_users.guest = true
                disk_free_limit.absolute = 50MB
                log.file = false
                log.console = true
                log.console.level = warning
                management.tcp.ip = 127.0.0.1

                """ + $"management.tcp.port = {managementPort}\n", ct);
            await File.WriteAllTextAsync(Path.Combine(data, "enabled_plugins"), settings.RabbitMqManagement ? "[rabbitmq_management].\n" : "[].\n", ct);
        });
        // Erlang's port mapper as a process of DCP's own, started before the broker: the broker finds it
        // running and starts no epmd daemon, which would outlive every run.
        var epmd = builder.AddExecutable($"{name}-epmd", "/usr/bin/epmd", data)
            .WithOwnPort(RabbitMqServerResource.EndpointName)
            .WithArgs(context =>
            {
                context.Args.Add("-port");
                context.Args.Add(new EndpointReference((IResourceWithEndpoints)context.Resource, RabbitMqServerResource.EndpointName).Property(EndpointProperty.TargetPort));
            })
            .WithParentRelationship(broker)
            .WithHealthCheck($"{name}-epmd_check");
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(epmd.Resource, async (_, ct) =>
        {
            await ServerPackages.EnsureInstalledAsync("rabbitmq-server", () => File.Exists(broker.Command), ct);
            Directory.CreateDirectory(data);
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{name}-epmd_check", _ => new WireHealthCheck(epmd.Resource, WireHealthCheck.EpmdNames), null, null));

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new WireHealthCheck(broker, WireHealthCheck.AmqpHeader), null, null));

        var resource = builder.AddResource(broker);
        if (settings.RabbitMqManagement)
        {
            resource.WithHttpEndpoint(name: "management", port: managementPort, targetPort: managementPort, isProxied: false);
        }

        return resource
            .WithOwnPort(RabbitMqServerResource.EndpointName)
            // Erlang's distribution needs a port of its own (the default is out of range for high AMQP ports).
            .WithOwnPort("dist")
            .WithEnvironment("HOME", Path.Combine(data, "home"))
            .WithEnvironment("RABBITMQ_NODENAME", "rabbit@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", broker.Endpoint.Property(EndpointProperty.TargetPort))
            .WithEnvironment("RABBITMQ_DIST_PORT", new EndpointReference(broker, "dist").Property(EndpointProperty.TargetPort))
            .WithEnvironment("ERL_EPMD_PORT", epmd.GetEndpoint(RabbitMqServerResource.EndpointName).Property(EndpointProperty.TargetPort))
            // Never start an epmd of our own: when the epmd resource is gone (stopping together at shutdown), an Erlang
            // node (the broker's stop script runs rabbitmqctl) would start a daemon that outlives the run.
            .WithEnvironment("ERL_FLAGS", "-start_epmd false")
            // Schedulers that sleep when idle instead of spinning: the broker shares a few cores with everything else.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "+sbwt none +sbwtdcpu none +sbwtdio none")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(data, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(data, "log"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(data, "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(data, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", "/dev/null")
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(data, "rabbitmq.pid"))
            .WithIconName("Mail")
            .WithHealthCheck(healthCheck)
            .WaitFor(epmd);
    }
}
