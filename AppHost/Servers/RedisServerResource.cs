using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// Debian's redis-server run by DCP. A cache (PostgreSQL rebuilds what it holds), but restarted with
/// its append-only file, so a crash does not empty it and send every read to PostgreSQL at once.
/// </summary>
public sealed class RedisServerResource(string name, string dataDirectory)
    : ExecutableResource(name, "/usr/bin/redis-server", dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

public static class RedisBuilderExtensions
{
    public static IResourceBuilder<RedisServerResource> AddDebianRedis(this IDistributedApplicationBuilder builder, string name, PlatformSettings settings)
    {
        var dataDirectory = Path.Combine(settings.DataDirectory, name);
        var redis = new RedisServerResource(name, dataDirectory);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, ct) =>
        {
            await ServerPackages.EnsureInstalledAsync("redis-server", () => File.Exists(redis.Command), ct);
            Directory.CreateDirectory(dataDirectory);
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new WireHealthCheck(redis, WireHealthCheck.RedisPing), null, null));

        return builder.AddResource(redis)
            .WithOwnPort(RedisServerResource.EndpointName)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in new[]
                {
                    "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "yes",
                    "--appendfsync", "everysec", "--dir", dataDirectory, "--loglevel", "warning",
                })
                {
                    context.Args.Add(arg);
                }
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheck);
    }
}
