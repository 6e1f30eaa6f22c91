using FlexPlatform.AppHost.Hosting;

namespace FlexPlatform.Bench;

/// <summary>
/// <c>--trace</c>: CPU-samples services with dotnet-trace (a .NET tool: <c>dotnet tool install -g dotnet-trace</c>)
/// while a load runs, and prints the methods with the most exclusive and inclusive samples.
/// </summary>
public static class CpuTrace
{
    public static async Task<T> DuringAsync<T>(Platform platform, bool enabled, string[] services, TimeSpan duration, Func<Task<T>> load)
    {
        if (!enabled)
        {
            return await load();
        }

        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        var files = services.ToDictionary(s => s, s => Path.Combine(Path.GetTempPath(), $"flexplatform-{s}.nettrace"));
        var traces = services.Select(s => CommandRunner.RunCheckedAsync(new ProcessSpec(tool,
        [
            "collect", "-p", platform.Resource<ProjectResource>(s).ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--duration", duration.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "-o", files[s],
        ]), duration + TimeSpan.FromMinutes(1))).ToList();
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
                Console.WriteLine(await CommandRunner.RunCheckedAsync(new ProcessSpec(tool, args), TimeSpan.FromMinutes(2)));
            }
        }

        return result;
    }
}
