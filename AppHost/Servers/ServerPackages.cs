using System.Diagnostics;

namespace FlexPlatform.AppHost.Servers;

/// <summary>
/// Installs a Debian package when its binary is missing and we may (root with apt-get); otherwise
/// fails with the exact command to run. One install at a time on the machine, since test projects
/// start platforms in parallel.
/// </summary>
public static class ServerPackages
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static bool _updated;

    public static bool IsRoot => Environment.UserName == "root";

    public static async Task EnsureInstalledAsync(string package, Func<bool> isInstalled, CancellationToken cancellationToken)
    {
        if (isInstalled())
        {
            return;
        }

        var command = $"apt-get update && apt-get install -y {package}";
        if (!IsRoot || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException($"{package} is not installed. Install it with: sudo sh -c '{command}'");
        }

        await InProcess.WaitAsync(cancellationToken);
        try
        {
            await using var machineLock = await AcquireMachineLockAsync(cancellationToken);
            if (isInstalled())
            {
                return;
            }

            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            if (!_updated)
            {
                await RunAsync("apt-get", ["update", "-q"], env, TimeSpan.FromMinutes(5), cancellationToken);
                _updated = true;
            }

            await RunAsync("apt-get", ["install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", package], env, TimeSpan.FromMinutes(10), cancellationToken);
            if (!isInstalled())
            {
                throw new InvalidOperationException($"Installed {package}, but its server binary is still missing.");
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    /// <summary>Runs a command to completion and returns its output; a non-zero exit throws with it.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await output}{await error}");
        }

        return await output;
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
