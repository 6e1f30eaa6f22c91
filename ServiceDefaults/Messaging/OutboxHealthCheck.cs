using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>Degraded while events that could never be published wait in <c>outbox_dead</c> (or the count cannot be read).</summary>
internal sealed class OutboxHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long dead;
        try
        {
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM outbox_dead");
            dead = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"The outbox cannot be read ({ex.GetType().Name}).");
        }

        return dead == 0
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus,
                $"{dead} event(s) could not be published (see outbox_dead for the reason); fix and re-insert them into outbox_messages.",
                data: new Dictionary<string, object> { ["dead"] = dead });
    }
}
