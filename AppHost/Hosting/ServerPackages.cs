namespace FlexPlatform.AppHost.Hosting;

/// <summary>
/// Installs the OS packages of PostgreSQL, Redis and RabbitMQ when they are missing and we may
/// (root with apt-get); otherwise fails with the exact command to run. One install at a time
/// across processes, since test projects start in parallel.
/// </summary>
public static class ServerPackages
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static bool _updated;

    public static Task EnsureInstalledAsync(string package, string probeFile, LogBuffer log, CancellationToken cancellationToken) =>
        EnsureInstalledAsync(package, () => File.Exists(probeFile), probeFile, log, cancellationToken);

    public static async Task EnsureInstalledAsync(string package, Func<bool> isInstalled, string what, LogBuffer log, CancellationToken cancellationToken)
    {
        if (isInstalled())
        {
            return;
        }

        var command = $"apt-get update && apt-get install -y {package}";
        if (!NativeMethods.IsRoot || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException($"{package} is not installed ({what} is missing). Install it with: sudo sh -c '{command}'");
        }

        await InProcess.WaitAsync(cancellationToken);
        try
        {
            await using var machineLock = await AcquireMachineLockAsync(cancellationToken);
            if (isInstalled())
            {
                return;
            }

            log.Add($"Installing {package} from the OS packages ({command})");
            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            if (!_updated)
            {
                await CommandRunner.RunCheckedAsync(new ProcessSpec("apt-get", ["update", "-q"]) { Environment = env }, TimeSpan.FromMinutes(5), cancellationToken);
                _updated = true;
            }

            await CommandRunner.RunCheckedAsync(
                new ProcessSpec("apt-get", ["install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", package]) { Environment = env },
                TimeSpan.FromMinutes(10), cancellationToken);
            if (!isInstalled())
            {
                throw new InvalidOperationException($"Installed {package}, but {what} is still missing.");
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static async Task<FileStream> AcquireMachineLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "flexplatform-apt.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
