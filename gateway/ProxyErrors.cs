using FlexPlatform.ServiceDefaults.Http;
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
                if (error.Error == ForwarderError.RequestBodyDestination)
                {
                    // The service stopped reading the body part-way: it refused it as too large for the route.
                    context.Response.Headers.Connection = "close";
                    await Results.Problem(title: $"{RequestBodyLimit.RefusalTitle}.", statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
                    return;
                }

                if (error.Error == ForwarderError.RequestBodyClient)
                {
                    // The client's body broke a limit while it streamed (no Content-Length up front), or broke off.
                    var status = Chain(error.Exception).OfType<BadHttpRequestException>().FirstOrDefault()?.StatusCode ?? StatusCodes.Status400BadRequest;
                    context.Response.Headers.Connection = "close";
                    await Results.Problem(title: "The request body could not be read: it is malformed, cut short or too large.", statusCode: status).ExecuteAsync(context);
                    return;
                }

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

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
