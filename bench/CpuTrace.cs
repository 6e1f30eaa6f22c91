using FlexPlatform.AppHost.Servers;
using FlexPlatform.Testing;

namespace FlexPlatform.Bench;

/// <summary>
/// <c>--trace</c>: CPU-samples services with dotnet-trace (a .NET tool: <c>dotnet tool install -g dotnet-trace</c>)
/// while a load runs, and prints the methods with the most exclusive and inclusive samples.
/// </summary>
public static class CpuTrace
{
    public static async Task<T> DuringAsync<T>(PlatformFixture platform, bool enabled, string[] services, TimeSpan duration, Func<Task<T>> load)
    {
        if (!enabled)
        {
            return await load();
        }

        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        var files = services.ToDictionary(s => s, s => Path.Combine(Path.GetTempPath(), $"flexplatform-{s}.nettrace"));
        var traces = services.Select(s => ServerPackages.RunAsync(tool,
        [
            "collect", "-p", platform.ProcessIdOf(s).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--duration", duration.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "-o", files[s],
        ], null, duration + TimeSpan.FromMinutes(1), CancellationToken.None)).ToList();
        var result = await load();
        await Task.WhenAll(traces);
        foreach (var (service, file) in files)
        {
            foreach (var mode in new[] { "exclusive", "inclusive" })
            {
                List<string> args = ["report", file, "topN", "-n", "25"];
                if (mode == "inclusive")
                {
                    args.Add("--inclusive");
                }

                Console.WriteLine($"--- {service}, top methods by {mode} CPU samples ---");
                Console.WriteLine(await ServerPackages.RunAsync(tool, args, null, TimeSpan.FromMinutes(2), CancellationToken.None));
            }
        }

        return result;
    }
}
