using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>Degraded while any consumer has messages in its _error queue (naming the queues and counts), or while they cannot be read.</summary>
internal sealed class ErrorQueueHealthCheck(ErrorQueues errorQueues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ErrorQueueState> states;
        try
        {
            states = await errorQueues.CountAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unknown is not healthy: failed messages could be waiting unseen.
            return HealthCheckResult.Degraded($"The error queues cannot be read ({ex.GetType().Name}).");
        }

        var failed = states.Where(s => s.Messages > 0).ToArray();
        var data = failed.ToDictionary(s => s.Queue + "_error", s => (object)s.Messages);
        return failed.Length == 0
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus,
                $"{failed.Sum(s => s.Messages)} message(s) failed for good; replay them once fixed.", data: data);
    }
}
