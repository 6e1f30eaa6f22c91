using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace FlexPlatform.Gateway;

public static class Extensions
{
    public const string WritesRateLimit = "writes";
    public const string PublicReadsCache = "public-reads";
    public const string WebClientCors = "web-client";
    public const string MaxRequestBodyBytes = "MaxRequestBodyBytes";

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        // Routes and clusters live in appsettings.json; destinations are service names resolved by discovery.
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();

        // Admin routes: the service defaults' JWT bearer settings and "admin" policy, checked here
        // first and again by each service (the token is passed through).
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) => WriteTooManyRequestsAsync(context.HttpContext, cancellationToken);
            limiter.AddPolicy(WritesRateLimit, context => RateLimitPartition.GetTokenBucketLimiter(
                ClientKey(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.WritesBurst,
                    TokensPerPeriod = options.WritesPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });

        builder.Services.AddOutputCache(cache => cache.AddPolicy(PublicReadsCache, policy => policy
            .Expire(TimeSpan.FromSeconds(1))
            .SetVaryByQuery("*")));

        builder.Services.AddCors(cors => cors.AddPolicy(WebClientCors, policy => policy
            .WithOrigins(options.AllowedOrigins)
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "Authorization")));
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

        // Routes that take big uploads (the supporter import) raise the body limit through their metadata.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.GetValueOrDefault(MaxRequestBodyBytes) is { } limit
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = long.Parse(limit, CultureInfo.InvariantCulture);
            }

            return next(context);
        });

        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseOutputCache();
        return app;
    }

    // Behind a trusted load balancer this would read the forwarded client address instead.
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask WriteTooManyRequestsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.RetryAfter = "60";
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests; try again in a minute." },
        });
    }
}
