using FlexPlatform.AppHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlexPlatform.AppHost.Dashboard;

/// <summary>A small page listing every resource with its state, health, endpoints and recent output.</summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app) => _app = app;

    public static async Task<DashboardServer> StartAsync(int port, Platform platform)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        var app = builder.Build();

        var page = ReadPage();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/api/resources", () => platform.Resources.Select(r => new
        {
            name = r.Name,
            kind = r.Kind,
            state = r.State.ToString(),
            health = r.Health,
            endpoints = r.Endpoints,
            dependsOn = r.DependsOn.Select(d => d.Name).Distinct(),
            logs = r.Logs.Tail(200),
        }));

        await app.StartAsync();
        return new DashboardServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string ReadPage()
    {
        using var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("FlexPlatform.AppHost.Dashboard.dashboard.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
