using System.Globalization;
using System.Text.RegularExpressions;
using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.Bench;

public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>Runs wrk (Debian's package) and reads its summary: rate, latency percentiles, failures.</summary>
public static partial class Wrk
{
    public static async Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration, string? script = null, params string[] scriptArgs)
    {
        List<string> args = ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s"];
        if (script is not null)
        {
            args.AddRange(["-s", Path.Combine(AppContext.BaseDirectory, "Scripts", script)]);
        }

        args.Add(url);
        if (scriptArgs.Length > 0)
        {
            args.Add("--");
            args.AddRange(scriptArgs);
        }

        var output = await ServerPackages.RunAsync("wrk", args, null, duration + TimeSpan.FromMinutes(1), CancellationToken.None);
        var requests = long.Parse(Completed().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = Sum(NonSuccess(), output) + Sum(SocketErrors(), output);
        return new LoadResult(
            double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"), Percentile(output, "99"), requests, errors);
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static long Sum(Regex pattern, string output) =>
        pattern.Matches(output).Sum(m => m.Groups.Values.Skip(1).Sum(g => long.TryParse(g.Value, out var n) ? n : 0));

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Completed();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
