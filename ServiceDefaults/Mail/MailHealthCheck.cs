using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>Degraded while mail refused for good waits for an admin (or while the queue cannot be read), with the counts.</summary>
internal sealed class MailHealthCheck(MailQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        MailQueueState state;
        try
        {
            state = await queue.CountAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"The mail queue cannot be read ({ex.GetType().Name}).");
        }

        var data = new Dictionary<string, object> { ["queued"] = state.Queued, ["retrying"] = state.Retrying, ["dead"] = state.Dead };
        return state.Dead == 0
            ? HealthCheckResult.Healthy(data: data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"{state.Dead} mail(s) refused for good; see /admin/mail/dead.", data: data);
    }
}
