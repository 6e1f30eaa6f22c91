using FlexPlatform.Gateway.Operations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Model;

namespace FlexPlatform.Gateway;

/// <summary>
/// Public reads are cached briefly, keyed by path plus only the query parameters the request's operation
/// declares in its service's OpenAPI document (a web page: its route's <c>CacheVaryByQuery</c> metadata), so an
/// invented query string cannot bypass the cache and reach the service. An admin operation, an API route no
/// service describes, and an answer its service marks <c>no-store</c> or <c>private</c> are never cached.
/// </summary>
public sealed class RouteQueryCachePolicy(OperationRules rules) : IOutputCachePolicy
{
    public const string VaryByQueryMetadata = "CacheVaryByQuery";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        IEnumerable<string> keys;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            if (rules.Of(http) is not { Admin: false } operation)
            {
                context.EnableOutputCaching = false;
                return ValueTask.CompletedTask;
            }

            keys = operation.QueryKeys;
        }
        else
        {
            keys = http.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.GetValueOrDefault(VaryByQueryMetadata)?
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        }

        context.CacheVaryByRules.QueryKeys = new StringValues(keys.ToArray());
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var cacheControl = context.HttpContext.Response.Headers.CacheControl;
        if (CacheControlHeaderValue.TryParse(cacheControl.ToString(), out var directives) && (directives.NoStore || directives.Private))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
