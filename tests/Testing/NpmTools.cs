using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.Testing;

/// <summary>
/// Command-line tools from the npm registry (a linter, client generators, the TypeScript compiler), installed once per
/// machine at pinned versions under <c>~/.cache/flexplatform/npm</c>; Debian's <c>npm</c> is installed with apt when missing.
/// </summary>
public static class NpmTools
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    // Tests run offline from everything but the registries: no update checks, no telemetry.
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["NO_UPDATE_NOTIFIER"] = "1",
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
    };

    /// <summary>Runs one package's command (<paramref name="command"/> in its <c>.bin</c>) and returns what it printed; a non-zero exit throws with its output.</summary>
    public static async Task<string> RunAsync(string package, string version, string command, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var folder = await EnsureFolderAsync($"{package.Replace('/', '+')}@{version}", [$"{package}@{version}"], cancellationToken);
        return await RunAsync(Path.Combine(folder, "node_modules", ".bin", command), args, cancellationToken);
    }

    /// <summary>Runs a command (a tool in a folder's <c>.bin</c>, or <c>node</c>) and returns what it printed; a non-zero exit throws with its output.</summary>
    public static Task<string> RunAsync(string command, IEnumerable<string> args, CancellationToken cancellationToken = default) =>
        ServerPackages.RunAsync(command, args, Quiet, TimeSpan.FromMinutes(2), cancellationToken);

    /// <summary>A folder with these packages (<c>name@version</c>) in its <c>node_modules</c>: scripts placed below it import them.</summary>
    public static async Task<string> EnsureFolderAsync(string name, string[] packages, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "flexplatform", "npm", name);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        await ServerPackages.EnsureInstalledAsync("npm", () => File.Exists("/usr/bin/npm"), cancellationToken);
        await Installing.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(folder))
            {
                // Into a folder of its own first, so a broken install never looks finished.
                var staging = $"{folder}.partial-{Environment.ProcessId}";
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }

                Directory.CreateDirectory(staging);
                await ServerPackages.RunAsync("npm", ["install", "--prefix", staging, "--no-audit", "--no-fund", "--loglevel=error", .. packages],
                    Quiet, TimeSpan.FromMinutes(5), cancellationToken);
                try
                {
                    Directory.Move(staging, folder);
                }
                catch (IOException) when (Directory.Exists(folder))
                {
                    Directory.Delete(staging, recursive: true); // another test run installed it meanwhile
                }
            }
        }
        finally
        {
            Installing.Release();
        }

        return folder;
    }
}
