using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    /// <summary>
    /// Redis (<c>ConnectionStrings__cache</c>) with Aspire's integration (client and tracing). It is a
    /// cache and a fan-out, never the source of truth: the connection never blocks start-up, and an
    /// outage only degrades health (our own check: Aspire's would make the service Unhealthy).
    /// </summary>
    public static IHostApplicationBuilder AddRedisCache(this IHostApplicationBuilder builder, string connectionName = "cache")
    {
        builder.AddRedisClient(connectionName, settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            // While disconnected, fail at once (callers fall back to PostgreSQL) instead of queueing.
            options.BacklogPolicy = BacklogPolicy.FailFast;
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, HealthStatus.Degraded, [Extensions.ReadyTag]);
        return builder;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable; serving from PostgreSQL.");
            }
        }
    }
}
