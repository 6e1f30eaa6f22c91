using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Model;

namespace FlexPlatform.Gateway;

/// <summary>
/// Public reads are cached briefly, keyed by path plus only the query parameters the route declares
/// in its metadata (<c>CacheVaryByQuery</c>, comma-separated): an invented query string cannot
/// bypass the cache and reach the service.
/// </summary>
public sealed class RouteQueryCachePolicy : IOutputCachePolicy
{
    public const string VaryByQueryMetadata = "CacheVaryByQuery";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var declared = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.GetValueOrDefault(VaryByQueryMetadata);
        context.CacheVaryByRules.QueryKeys = string.IsNullOrWhiteSpace(declared)
            ? StringValues.Empty
            : new StringValues(declared.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
