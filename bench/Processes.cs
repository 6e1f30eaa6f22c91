using System.Globalization;
using FlexPlatform.Testing;

namespace FlexPlatform.Bench;

/// <summary>
/// Where the machine's CPU goes during a load, per process group (each service, PostgreSQL with its
/// backends, RabbitMQ, Redis, the load generators), and each service's resident memory, from /proc.
/// </summary>
public sealed class Processes(PlatformFixture platform)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private static readonly string[] Services = ["gateway", "pledge", "coalition", "content", "engagement", "web"];

    public long RssBytes(string resource) => Rss(platform.ProcessIdOf(resource));

    /// <summary>CPU seconds each group used while <paramref name="load"/> ran.</summary>
    public async Task<CpuUse> CpuSharesDuringAsync(Func<Task> load)
    {
        var before = Sample();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await load();
        var seconds = clock.Elapsed.TotalSeconds;
        var after = Sample();
        return new CpuUse(
            after.ToDictionary(a => a.Key, a => (a.Value - before.GetValueOrDefault(a.Key)) / TicksPerSecond),
            seconds * Environment.ProcessorCount);
    }

    private Dictionary<string, long> Sample()
    {
        var services = Services.ToDictionary(platform.ProcessIdOf, s => s);
        var self = Environment.ProcessId;
        var groups = new Dictionary<string, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var group = services.TryGetValue(pid, out var service) ? service
                    : pid == self ? "bench client"
                    : comm switch
                    {
                        "postgres" => "postgres",
                        "beam.smp" or "erl_child_setup" or "epmd" => "rabbitmq",
                        "redis-server" => "redis",
                        "wrk" => "wrk",
                        "pgbench" => "pgbench",
                        _ => null,
                    };
                if (group is not null)
                {
                    groups[group] = groups.GetValueOrDefault(group) + ticks;
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return groups;
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>CPU seconds per process group during a load, and the machine's capacity over it (seconds × cores).</summary>
public sealed record CpuUse(IReadOnlyDictionary<string, double> Seconds, double Capacity)
{
    // The load generators are not the platform.
    private static readonly string[] LoadGenerators = ["bench client", "wrk", "pgbench"];

    /// <summary>Each group's share of the machine, largest first, and what is left.</summary>
    public override string ToString()
    {
        var used = Seconds.Where(u => u.Value > 0.01 * Capacity).OrderByDescending(u => u.Value).ToList();
        var idle = Math.Max(0, Capacity - used.Sum(u => u.Value));
        return string.Join(", ", used.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Key} {u.Value / Capacity:P0}")))
            + string.Create(CultureInfo.InvariantCulture, $", idle or other {idle / Capacity:P0}");
    }

    /// <summary>The platform's CPU time per operation (every process but the load generators), with its largest parts.</summary>
    public string PerOperation(long operations)
    {
        var platform = Seconds.Where(u => !LoadGenerators.Contains(u.Key) && u.Value > 0).OrderByDescending(u => u.Value).ToList();
        string Ms(double seconds) => (seconds * 1000 / operations).ToString("0.00", CultureInfo.InvariantCulture);
        return $"{Ms(platform.Sum(u => u.Value))} ms ({string.Join(", ", platform.Where(u => u.Value > 0.01 * Capacity).Select(u => $"{u.Key} {Ms(u.Value)}"))})";
    }
}
