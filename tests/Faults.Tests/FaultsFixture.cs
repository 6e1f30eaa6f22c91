using FlexPlatform.AppHost.Dashboard;
using FlexPlatform.AppHost.Hosting;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Faults.Tests;

/// <summary>The whole platform with its dashboard (resource commands over HTTP), for faults injected under load.</summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    private DashboardServer? _dashboard;

    public PlatformFixture Platform { get; } = new();

    public HttpClient Dashboard { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        var port = PortAllocator.GetFreePort();
        _dashboard = await DashboardServer.StartAsync(port, Platform.Platform);
        Dashboard = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromMinutes(3) };
    }

    public async Task DisposeAsync()
    {
        Dashboard?.Dispose();
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }

        await Platform.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
