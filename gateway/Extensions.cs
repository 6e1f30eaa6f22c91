using System.Globalization;
using System.Threading.RateLimiting;
using FlexPlatform.Gateway.Operations;
using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry.Instrumentation.AspNetCore;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace FlexPlatform.Gateway;

public static class Extensions
{
    public const string ClientRateLimit = "per-client";
    public const string StreamsLimit = "streams";
    public const string StaffConsoleLimit = "staff-console";
    public const string PublicReadsCache = "public-reads";
    public const string WebClientCors = "web-client";
    public const string MaxRequestBodyBytes = "MaxRequestBodyBytes";

    /// <summary>
    /// A web route's <c>MaxRequestBodyBytes</c> metadata becomes the endpoint's body limit, applied and refused up
    /// front by the service defaults exactly as at the web client (API routes take theirs from <see cref="OperationRules"/>).
    /// </summary>
    public static ReverseProxyConventionBuilder WithRouteBodyLimits(this ReverseProxyConventionBuilder proxy) =>
        proxy.ConfigureEndpoints((endpoint, route) =>
        {
            if (route.Metadata?.GetValueOrDefault(MaxRequestBodyBytes) is { } limit)
            {
                endpoint.WithMetadata(new RequestSizeLimitAttribute(long.Parse(limit, CultureInfo.InvariantCulture)));
            }
        });

    /// <summary>An API request in the gateway's first moments waits (5 s at most) until every service was asked for its description.</summary>
    public static WebApplication UseServiceDescriptions(this WebApplication app)
    {
        var first = app.Services.GetRequiredService<ServiceDocuments>().FirstRound;
        app.Use(async (context, next) =>
        {
            if (!first.IsCompleted && context.Request.Path.StartsWithSegments("/api"))
            {
                await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted));
            }

            await next(context);
        });
        return app;
    }

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        // Routes (one per service, the streams, the import, the web client) and clusters live in appsettings.json;
        // destinations are service names resolved by discovery. Every per-operation rule comes from the services.
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy")).AddServiceDiscoveryDestinationResolver();
        builder.Services.AddHttpClient(nameof(ServiceDocuments));
        builder.Services.AddSingleton<ServiceDocuments>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ServiceDocuments>());
        builder.Services.AddSingleton<OperationRules>();
        builder.Services.AddSingleton<IRequestBodyLimitSource>(sp => sp.GetRequiredService<OperationRules>());
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<FrontCache>();
        // A request the front cache answers has nothing to trace.
        builder.Services.AddOptions<AspNetCoreTraceInstrumentationOptions>().PostConfigure<FrontCache>((tracing, cache) =>
        {
            var filter = tracing.Filter;
            tracing.Filter = context => !cache.TryGet(context, out _) && (filter?.Invoke(context) ?? true);
        });

        // Staff routes: the service defaults' JWT bearer settings, each operation's roles checked here first as its
        // service's document lists them, and again by the service (the token is passed through).
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteTooManyRequestsAsync;
            limiter.AddPolicy(ClientRateLimit, context =>
                StaffRoles.All.Any(context.User.IsInRole) ? RateLimitPartition.GetNoLimiter(("staff", ""))
                : HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? PerMinute(("reads", ClientKey(context)), options.ReadsPerMinute, options.ReadsBurst)
                    : PerMinute(("writes", ClientKey(context)), options.WritesPerMinute, options.WritesBurst));
            limiter.AddPolicy(StaffConsoleLimit, context =>
                PerMinute(("staff-console", ClientKey(context)), options.StaffConsolePerMinute, options.StaffConsolePerMinute / 4));
            // Held for as long as a stream stays open: the cap is on concurrent streams, not on connecting.
            limiter.AddPolicy(StreamsLimit, context => RateLimitPartition.GetConcurrencyLimiter(
                ClientKey(context), _ => new ConcurrencyLimiterOptions { PermitLimit = options.StreamsPerClient, QueueLimit = 0 }));
        });

        builder.Services.AddOutputCache(cache => cache.AddPolicy(PublicReadsCache, policy => policy
            .Expire(TimeSpan.FromSeconds(1))
            .AddPolicy<RouteQueryCachePolicy>()));

        // Every route answers browsers from the configured origins, and only those.
        builder.Services.AddCors(cors => cors.AddPolicy(WebClientCors, policy => policy
            .WithOrigins(options.AllowedOrigins)
            .WithMethods("GET", "POST", "PUT", "DELETE")
            .WithHeaders("Content-Type", "Authorization")
            .WithExposedHeaders("Retry-After", PagedLists.TotalCountHeader)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }

    public static WebApplication UseGatewayPolicies(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            // The dev mailbox never exists in Production, whatever the routes say.
            app.Use((context, next) =>
            {
                if (!context.Request.Path.StartsWithSegments("/api/dev"))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        // The web client (and an Ingress) forward each visitor's address, believed only from trusted proxies, so
        // per-client limits stay per visitor; YARP then sets X-Forwarded-For to that one verified address for the services.
        app.UseForwardedHeaders(TrustedProxies.ForwardedHeaders(app.Configuration, ForwardedHeaders.XForwardedFor));

        // The site is the catch-all route; an unknown API path still answers like the API does.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api")
                && context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId.StartsWith("web-", StringComparison.Ordinal) == true)
            {
                return Results.Problem(title: "No such API route.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            }

            return next(context);
        });

        app.UseCors(WebClientCors);
        // A browser's write from another site (a form or script elsewhere) is refused; the allowed API origins may write.
        var allowedOrigins = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.AllowedOrigins;
        app.UseCrossSiteWriteGuard(origin => allowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase));
        app.UseAuthentication();
        app.UseAuthorization();
        // An operation its service describes as an admin one is refused here first: no list of them is kept here.
        // Without the service's description the gateway cannot tell, so it refuses the route rather than guess.
        var rules = app.Services.GetRequiredService<OperationRules>();
        app.Use(async (context, next) =>
        {
            if (rules.UndescribedService(context) is { } service)
            {
                context.Response.Headers.RetryAfter = "5";
                await Results.Problem(title: $"The gateway has no description of {service} yet; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable)
                    .ExecuteAsync(context);
                return;
            }

            if (rules.Of(context) is { Admin: true } operation && !operation.Roles.Any(context.User.IsInRole))
            {
                await (context.User.Identity?.IsAuthenticated == true ? context.ForbidAsync() : context.ChallengeAsync());
                return;
            }

            await next(context);
        });
        // A public read served from the output cache costs nothing, so it spends none of the visitor's allowance:
        // only what reaches the services is limited.
        app.UseOutputCache();
        app.UseRateLimiter();
        return app;
    }

    // The verified client: forwarded headers from trusted proxies were applied before the limiter runs.
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Keyed by (bucket, client): the two buckets of one client are apart, with no key built per request.
    private static RateLimitPartition<(string Bucket, string Client)> PerMinute((string Bucket, string Client) client, int perMinute, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // Token buckets know when the next token comes; a full stream quota frees up when a stream closes.
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 5;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = $"Too many requests from this client; try again in {retryAfter} s." },
        });
    }
}
