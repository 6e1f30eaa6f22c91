using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Logs each dependency's health once when it changes (lost, back), from the periodic health
/// report, instead of every library logging every retry: an outage reads as two lines per dependency.
/// </summary>
internal sealed class HealthTransitionLog(ILogger<HealthTransitionLog> logger) : IHealthCheckPublisher
{
    private readonly Dictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        lock (_last)
        {
            foreach (var (name, entry) in report.Entries)
            {
                var previous = _last.GetValueOrDefault(name, HealthStatus.Healthy);
                _last[name] = entry.Status;
                if (entry.Status == previous)
                {
                    continue;
                }

                if (entry.Status == HealthStatus.Healthy)
                {
                    logger.LogInformation("{Dependency} is back", name);
                }
                else
                {
                    logger.LogWarning("{Dependency} is {Status}: {Description}", name, entry.Status, FirstLine(entry.Description) ?? entry.Exception?.GetType().Name ?? "no details");
                }
            }
        }

        return Task.CompletedTask;
    }

    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line[..Math.Min(line.Length, 300)] : null;
}
