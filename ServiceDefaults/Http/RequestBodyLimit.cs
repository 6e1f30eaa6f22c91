using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace FlexPlatform.ServiceDefaults.Http;

/// <summary>
/// Applies the route's body limit (<see cref="IRequestSizeLimitMetadata"/>) and refuses a body whose
/// Content-Length breaks it with a <c>413</c> problem before anything reads it. A modest body is read
/// and dropped first: a socket closed with unread data resets the connection, and the reset can
/// discard the answer before the client reads it (a proxy then reports an error, not the 413).
/// </summary>
/// <summary>A body limit known other than from the endpoint (the gateway's, from each service's own description).</summary>
public interface IRequestBodyLimitSource
{
    /// <summary>The limit for this request, or null to use the endpoint's.</summary>
    long? LimitFor(HttpContext context);
}

public static class RequestBodyLimit
{
    public const string RefusalTitle = "The request body is larger than this route takes";
    private const long DrainAtMost = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var source = app.ApplicationServices.GetService<IRequestBodyLimitSource>();
        return app.Use((context, next) => ApplyAsync(context, next, source));
    }

    private static async Task ApplyAsync(HttpContext context, RequestDelegate next, IRequestBodyLimitSource? source)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false } && source?.LimitFor(context) is { } described)
        {
            feature.MaxRequestBodySize = described;
        }
        else if (feature is { IsReadOnly: false } && context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata)
        {
            feature.MaxRequestBodySize = metadata.MaxRequestBodySize;
        }

        if (feature?.MaxRequestBodySize is not { } limit || context.Request.ContentLength is not { } length || length <= limit)
        {
            await next(context);
            return;
        }

        if (length <= DrainAtMost && !feature.IsReadOnly)
        {
            feature.MaxRequestBodySize = null;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }

        await Results.Problem(title: string.Create(CultureInfo.InvariantCulture, $"{RefusalTitle} ({limit:N0} bytes)."),
            statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
    }
}
