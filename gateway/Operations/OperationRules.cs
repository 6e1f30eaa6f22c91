using FlexPlatform.ServiceDefaults.Http;

namespace FlexPlatform.Gateway.Operations;

/// <summary>
/// The operation an API request is for (<see cref="OperationTable"/>), found once per request. Its body limit is
/// the one the gateway refuses up front; web pages and operations no service describes keep their route's.
/// </summary>
public sealed class OperationRules(ServiceDocuments documents) : IRequestBodyLimitSource
{
    private static readonly object Key = new();

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
