using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FlexPlatform.AppHost.Dashboard.Telemetry;

/// <summary>The dashboard's reads of what the processes exported: traces, structured logs, metrics.</summary>
public static class TelemetryApi
{
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/traces", (SpanStore spans, string? service, string? route, string? status, int? limit) =>
            spans.Traces(Blank(service), Blank(route), status == "error", Math.Clamp(limit ?? 50, 1, 1000)));
        app.MapGet("/api/traces/{traceId}", (SpanStore spans, string traceId) =>
            spans.Trace(traceId) is { Count: > 0 } trace ? Results.Ok(trace) : Results.Problem(title: $"No trace '{traceId}' is kept.", statusCode: StatusCodes.Status404NotFound));
        app.MapGet("/api/logs", (LogStore logs, string? resource, string? level, string? q, string? traceId, int? limit) =>
            logs.Query(Blank(resource), Blank(level), Blank(q), Blank(traceId), Math.Clamp(limit ?? 200, 1, 5000)));
        app.MapGet("/api/metrics", (MetricStore metrics, string? resource) => metrics.Metrics(Blank(resource)));
        app.MapGet("/api/metrics/{name}", (MetricStore metrics, string name, string? resource) =>
            metrics.Points(name, Blank(resource)).Select(s => new
            {
                s.Series.Resource,
                s.Series.Name,
                s.Series.Unit,
                s.Series.Type,
                s.Series.Attributes,
                s.Points,
            }));
        return app;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
