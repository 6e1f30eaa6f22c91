using System.Runtime.InteropServices;
using FlexPlatform.AppHost.Dashboard;

namespace FlexPlatform.AppHost.Hosting;

/// <summary>A built app model: starts resources in dependency order, stops them in reverse.</summary>
public sealed class Platform(PlatformOptions options, IReadOnlyList<Resource> resources) : IAsyncDisposable
{
    private DashboardServer? _dashboard;
    private bool _started;

    public IReadOnlyList<Resource> Resources => resources;

    public T Resource<T>(string name) where T : Resource => (T)resources.Single(r => r.Name == name);

    /// <summary>The dashboard's page and API, when the options ask for one; it runs from the start on.</summary>
    public Uri? DashboardUrl => options.DashboardPort is { } port ? new Uri($"http://localhost:{port}") : null;

    /// <summary>Starts everything; each resource waits only for what it depends on, so servers boot in parallel.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // First, so it sees every resource start and receives the services' telemetry from their first line.
        if (options.DashboardPort is { } dashboardPort && _dashboard is null)
        {
            _dashboard = await DashboardServer.StartAsync(dashboardPort, options.DashboardOtlpPort, this);
        }

        _started = true;
        Directory.CreateDirectory(options.DataDirectory);
        // PostgreSQL runs as another user and must be able to reach its folder.
        File.SetUnixFileMode(options.DataDirectory, (UnixFileMode)0b111_101_101);

        var started = new Dictionary<Resource, Task>();
        Task StartOne(Resource resource)
        {
            if (!started.TryGetValue(resource, out var task))
            {
                var dependencies = resource.DependsOn.Distinct().Select(StartOne).ToArray();
                started[resource] = task = StartAfterAsync(resource, dependencies, cancellationToken);
            }

            return task;
        }

        var all = resources.Select(StartOne).ToArray();
        try
        {
            await Task.WhenAll(all);
        }
        catch
        {
            var failures = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.Message);
            await StopAsync();
            await StopDashboardAsync();
            throw new InvalidOperationException("The platform did not start:\n" + string.Join("\n\n", failures));
        }
    }

    public static readonly IReadOnlyList<string> Commands = ["stop", "start", "restart"];

    /// <summary>
    /// A dashboard command on one resource, as Aspire's resource commands: stop, start or restart it
    /// alone (what depends on it rides out the outage the way it would in production).
    /// </summary>
    public async Task<bool> ExecuteCommandAsync(string name, string command, CancellationToken cancellationToken)
    {
        if (resources.SingleOrDefault(r => r.Name == name) is not { } resource || !Commands.Contains(command))
        {
            return false;
        }

        if (command is "stop" or "restart")
        {
            await resource.StopAsync();
        }

        if (command is "start" or "restart")
        {
            await resource.StartAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>Stops dependents before what they depend on: the gateway first, the servers last.</summary>
    public async Task StopAsync()
    {
        var stopped = new Dictionary<Resource, Task>();
        Task StopOne(Resource resource)
        {
            if (!stopped.TryGetValue(resource, out var task))
            {
                var dependents = resources.Where(r => r.DependsOn.Contains(resource)).Select(StopOne).ToArray();
                stopped[resource] = task = StopAfterAsync(resource, dependents);
            }

            return task;
        }

        await Task.WhenAll(resources.Select(StopOne));
    }

    /// <summary>The local run: dashboard, start, wait for Ctrl+C or SIGTERM, stop everything.</summary>
    public async Task<int> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        if (DashboardUrl is { } dashboard)
        {
            Say($"Dashboard: {dashboard}");
        }

        Say($"Starting {resources.Count} resources (data in {options.DataDirectory}) ...");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await StartAsync(stop.Token);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Say(ex.Message);
            await StopDashboardAsync();
            return 1;
        }
        catch (OperationCanceledException)
        {
            await StopAsync();
            await StopDashboardAsync();
            return 0;
        }

        Say($"All resources healthy in {clock.Elapsed.TotalSeconds:0.0} s.");
        foreach (var resource in resources)
        {
            Say($"  {resource.Name,-13} {resource.Kind,-11} {string.Join("  ", resource.Endpoints)}");
        }

        Say("Press Ctrl+C to stop everything.");
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        Say("Stopping ...");
        await StopAsync();
        await StopDashboardAsync();
        Say("Stopped.");
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync();
        }

        await StopDashboardAsync();
    }

    private static async Task StartAfterAsync(Resource resource, Task[] dependencies, CancellationToken cancellationToken)
    {
        await Task.WhenAll(dependencies);
        await resource.StartAsync(cancellationToken);
    }

    private static async Task StopAfterAsync(Resource resource, Task[] dependents)
    {
        await Task.WhenAll(dependents);
        await resource.StopAsync();
    }

    private async Task StopDashboardAsync()
    {
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
            _dashboard = null;
        }
    }

    private static void Say(string line)
    {
        Console.ForegroundColor = ConsoleColor.White;
        Console.WriteLine($"apphost    | {line}");
        Console.ResetColor();
    }
}
