using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.Testing;

/// <summary>
/// A command-line tool from the npm registry (a linter, a client generator), installed once per machine at a pinned
/// version under <c>~/.cache/flexplatform/npm</c>; Debian's <c>npm</c> is installed with apt when missing.
/// </summary>
public static class NpmTools
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <returns>The path of the tool's command (<paramref name="command"/> in its package's <c>.bin</c>).</returns>
    public static async Task<string> EnsureAsync(string package, string version, string command, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "flexplatform", "npm", $"{package.Replace('/', '+')}@{version}");
        var path = Path.Combine(folder, "node_modules", ".bin", command);
        if (File.Exists(path))
        {
            return path;
        }

        await ServerPackages.EnsureInstalledAsync("npm", () => File.Exists("/usr/bin/npm"), cancellationToken);
        await Installing.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(path))
            {
                // Into a folder of its own first, so a broken install never looks finished.
                var staging = folder + ".partial";
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }

                Directory.CreateDirectory(staging);
                await ServerPackages.RunAsync("npm", ["install", "--prefix", staging, "--no-audit", "--no-fund", "--loglevel=error", $"{package}@{version}"],
                    null, TimeSpan.FromMinutes(5), cancellationToken);
                Directory.Move(staging, folder);
            }
        }
        finally
        {
            Installing.Release();
        }

        return path;
    }

    /// <summary>Runs an npm tool's command and returns what it printed; a non-zero exit throws with its output.</summary>
    public static async Task<string> RunAsync(string package, string version, string command, IEnumerable<string> args, CancellationToken cancellationToken = default) =>
        await ServerPackages.RunAsync(await EnsureAsync(package, version, command, cancellationToken), args, Quiet, TimeSpan.FromMinutes(2), cancellationToken);

    // Tests run offline from everything but the registries: no update checks, no telemetry.
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["NO_UPDATE_NOTIFIER"] = "1",
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
    };
}
