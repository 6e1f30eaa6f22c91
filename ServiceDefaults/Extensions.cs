using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Operations;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every FlexPlatform process shares, in the shape of the Aspire service-defaults template:
/// telemetry, health, service discovery, resilience and problem details.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddServiceAuthentication();
        builder.AddServiceOpenApi();

        // Each replica's own address, kept current by the AppHost when a service runs as replicas.
        if (builder.Configuration["ServiceDiscovery:ReplicasFile"] is { Length: > 0 } replicas)
        {
            builder.Configuration.AddJsonFile(replicas, optional: true, reloadOnChange: true);
        }

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddPlatformResilience();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        // Binding failures (malformed JSON, wrong types) throw so the exception handler can turn
        // them into problem details that name the offending field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // A dependency that is away (database, cache, peer) is a 503 the client may retry, not a 500.
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = ex =>
            ex is BadHttpRequestException bad ? bad.StatusCode
            : ex is PostgresException { SqlState: ['2', '2', ..] } ? StatusCodes.Status400BadRequest // a value the database cannot take came from the request
            : ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } ? StatusCodes.Status409Conflict // a concurrent request took the same slug or key
            : TransientFailures.Is(ex) ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status500InternalServerError);
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                // Ours: consume lag, outbox backlog, open streams, the public total.
                .AddMeter("FlexPlatform.*"))
            .WithTracing(tracing => tracing
                // Ours: the outbox relay and each service's own (its application name); Npgsql and Redis come with Aspire's integrations.
                .AddSource("FlexPlatform.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                    && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddSource("Grpc.Net.Client")
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit"));

        // Export only when a collector is configured (the AppHost or a real Aspire AppHost sets it).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // Dependencies' health, checked every 5 s in the background, logged only when it changes.
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(2);
            o.Period = TimeSpan.FromSeconds(5);
            o.Predicate = r => r.Tags.Contains(ReadyTag);
        });
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthTransitionLog>();
        return builder;
    }

    /// <param name="describeApi">Map this service's OpenAPI document; the gateway serves the merged one instead.</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool describeApi = true)
    {
        // Outside the exception handler: the audit records the status the caller got, whatever the handler made of a throw.
        if (app.Services.GetService<StaffAuditLog>() is not null)
        {
            app.UseMiddleware<StaffAuditMiddleware>();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit();

        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthAsync,
        });
        if (describeApi)
        {
            app.MapServiceOpenApi();
        }

        if (app.Services.GetService<ErrorQueues>() is not null)
        {
            app.MapErrorQueueApi();
        }

        app.MapMailEndpoints();
        app.MapProjectionAdminApi();
        app.MapOperationsStateApi();

        return app;
    }

    // Status and our own description per check (it names the missing dependency), never exception
    // text: health output is readable by anything inside the cluster.
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            problems = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).ToDictionary(
                e => e.Key,
                e => new { description = e.Value.Description, data = e.Value.Data.Count == 0 ? null : e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
