using System.Text.Json.Serialization;
using FlexPlatform.AppHost.Dashboard.Otlp;
using FlexPlatform.AppHost.Dashboard.Telemetry;
using FlexPlatform.AppHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlexPlatform.AppHost.Dashboard;

/// <summary>
/// A small page listing every resource with its state, health, endpoints and recent output, and,
/// given an OTLP port, the traces, structured logs and metrics every process exports to it.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app) => _app = app;

    /// <param name="otlpPort">Where OTLP/gRPC is received (HTTP/2 cleartext, as exporters call it); null for none.</param>
    public static async Task<DashboardServer> StartAsync(int port, int? otlpPort, Platform platform)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http1);
            if (otlpPort is { } otlp)
            {
                // Without TLS, gRPC needs an HTTP/2-only endpoint (prior knowledge).
                kestrel.ListenLocalhost(otlp, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals);
        builder.Services.AddOptions<TelemetryLimits>().BindConfiguration(TelemetryLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new SpanStore(sp.GetRequiredService<IOptions<TelemetryLimits>>().Value.MaxSpans));
        builder.Services.AddSingleton(sp => new LogStore(sp.GetRequiredService<IOptions<TelemetryLimits>>().Value.MaxLogs));
        builder.Services.AddSingleton(sp => new MetricStore(sp.GetRequiredService<IOptions<TelemetryLimits>>().Value.MaxMetricPoints));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        var app = builder.Build();

        if (otlpPort is not null)
        {
            app.MapGrpcService<TraceReceiver>();
            app.MapGrpcService<LogReceiver>();
            app.MapGrpcService<MetricReceiver>();
        }

        app.MapTelemetryApi();
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
