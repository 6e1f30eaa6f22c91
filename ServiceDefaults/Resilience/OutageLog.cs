using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One warning when a dependency is lost and one line when it is back, instead of a stack trace per
/// retry: an outage must not become a log flood.
/// </summary>
public sealed class OutageLog(ILogger logger, string dependency)
{
    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void Failed(Exception exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            logger.LogWarning("{Dependency} is unavailable ({Reason}: {Message}); retrying until it is back", dependency, exception.GetType().Name, exception.Message);
        }
        else
        {
            logger.LogDebug("{Dependency} still unavailable ({Reason})", dependency, exception.GetType().Name);
        }
    }

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            logger.LogInformation("{Dependency} is back", dependency);
        }
    }
}
