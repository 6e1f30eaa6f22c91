using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.Testing;

/// <summary>
/// Only some of the platform's servers (PostgreSQL, RabbitMQ …), started by the AppHost's own resource
/// definitions under Aspire, for tests of one store or of the messaging plumbing without the services.
/// </summary>
public sealed class Servers : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexplatform-tests", Guid.NewGuid().ToString("N")[..12]);
    private DistributedApplication? _app;

    public PlatformSettings Settings => new() { DataDirectory = _dataDirectory, FastUnsafeDurability = true };

    /// <summary>Adds the servers with <paramref name="add"/>, starts them and waits until each is healthy.</summary>
    public async Task<DistributedApplication> StartAsync(Action<IDistributedApplicationBuilder, PlatformSettings> add)
    {
        // The AppHost's assembly names DCP's location (its "dcpclipath" metadata).
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            AssemblyName = typeof(PlatformSettings).Assembly.FullName,
            DisableDashboard = true,
            Args = ["--Logging:LogLevel:Default=Warning"],
        });
        add(builder, Settings);
        _app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(timeout.Token);
        foreach (var resource in builder.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()))
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
        }

        return _app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the OS cleans temp eventually.
        }
    }
}
