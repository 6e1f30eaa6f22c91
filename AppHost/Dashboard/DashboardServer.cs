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
            restarts = r.Restarts,
            endpoints = r.Endpoints,
            dependsOn = r.DependsOn.Select(d => d.Name).Distinct(),
            logs = r.Logs.Tail(200),
        }));

        // Resource commands for the page's buttons and for scripts and tests.
        app.MapPost("/api/resources/{name}/commands/{command}", async (string name, string command, CancellationToken cancellationToken) =>
        {
            try
            {
                return await platform.ExecuteCommandAsync(name, command, cancellationToken)
                    ? Results.Ok(platform.Resources.Single(r => r.Name == name) is var r ? new { name, command, state = r.State.ToString(), health = r.Health } : null)
                    : Results.Problem(title: $"No resource '{name}' or command '{command}' (commands: {string.Join(", ", Platform.Commands)}).", statusCode: StatusCodes.Status404NotFound);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                return Results.Problem(title: $"{name} did not {command}: {ex.Message.Split('\n')[0]}", statusCode: StatusCodes.Status409Conflict);
            }
        });

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
