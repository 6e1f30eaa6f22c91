using FlexPlatform.ServiceDefaults.Http;

namespace FlexPlatform.Gateway.Operations;

/// <summary>
/// The operation an API request is for (<see cref="OperationTable"/>), found once per request. Its body limit is
/// the one the gateway refuses up front; web pages and operations no service describes keep their route's.
/// </summary>
public sealed class OperationRules(ServiceDocuments documents) : IRequestBodyLimitSource
{
    /// <summary>Route metadata naming the service whose document describes the route's operations.</summary>
    public const string DescribedByMetadata = "DescribedBy";

    private static readonly object Key = new();

    /// <summary>
    /// The service whose description this request's route needs and the gateway has never had (it was away when the
    /// gateway started): its requests are refused with 503 rather than passed on unchecked.
    /// </summary>
    public string? UndescribedService(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>()?.Config.Metadata?.GetValueOrDefault(DescribedByMetadata) is { } service
        && !documents.Has(service)
            ? service
            : null;

    public long? LimitFor(HttpContext context) => Of(context)?.MaxBodyBytes;

    /// <summary>The operation of an <c>/api</c> request, or null (a web page, or a route no service describes).</summary>
    public Operation? Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var found))
        {
            return (Operation?)found;
        }

        var operation = context.Request.Path.StartsWithSegments("/api")
            ? documents.Operations.Find(context.Request.Method, context.Request.Path)
            : null;
        context.Items[Key] = operation;
        return operation;
    }
}
