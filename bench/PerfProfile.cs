using System.Globalization;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.Testing;

namespace FlexPlatform.Bench;

/// <summary>
/// <c>--perf</c>: samples the CPU of the named services with Linux <c>perf</c> (kernel, runtime, GC and JIT-compiled
/// code alike; the services write perf maps, <c>DOTNET_PerfMapEnabled</c>) while a load runs, and prints where it went.
/// Unlike dotnet-trace's thread-time samples, a waiting thread costs nothing here.
/// </summary>
public static class PerfProfile
{
    public const string Flag = "--perf";

    public static async Task<T> DuringAsync<T>(PlatformFixture platform, bool enabled, string[] services, TimeSpan duration, Func<Task<T>> load)
    {
        if (!enabled)
        {
            return await load();
        }

        await ServerPackages.EnsureInstalledAsync("linux-perf", () => File.Exists("/usr/bin/perf"), CancellationToken.None);
        var files = services.ToDictionary(s => s, s => Path.Combine(Path.GetTempPath(), $"flexplatform-{s}.perf.data"));
        var records = services.Select(s => ServerPackages.RunAsync("perf",
        [
            "record", "-F", "999", "-g", "-p", platform.ProcessIdOf(s).ToString(CultureInfo.InvariantCulture), "-o", files[s],
            "--", "sleep", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ], null, duration + TimeSpan.FromMinutes(1), CancellationToken.None)).ToList();
        var result = await load();
        await Task.WhenAll(records);
        foreach (var (service, file) in files)
        {
            foreach (var (title, args) in new (string, string[])[]
            {
                ("by shared object", ["--sort", "dso", "--no-children"]),
                ("by function, self", ["--sort", "sym", "--no-children"]),
                ("by function, with callees", ["--sort", "sym", "--children"]),
            })
            {
                Console.WriteLine($"--- perf, {service}: {title} ---");
                var report = await ServerPackages.RunAsync("perf", ["report", "-i", file, "--stdio", "-g", "none", "--percent-limit", "0.5", .. args], null,
                    TimeSpan.FromMinutes(3), CancellationToken.None);
                Console.WriteLine(string.Join('\n', report.Split('\n').Where(l => l.Length > 0 && l[0] != '#')));
            }
        }

        return result;
    }
}
