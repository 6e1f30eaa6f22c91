using Yarp.ReverseProxy.Forwarder;

namespace FlexPlatform.Gateway;

/// <summary>
/// A service that is down or restarting makes YARP answer an empty 502/503/504. Clients get what
/// every other error gives them instead: problem details, 503, and when to try again.
/// </summary>
public static class ProxyErrors
{
    public static IReverseProxyApplicationBuilder UseProxyErrorsAsProblems(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted
                && error.Error is not (ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled))
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "The service behind this route is unavailable; try again shortly." },
                });
            }
        });
        return proxy;
    }
}
