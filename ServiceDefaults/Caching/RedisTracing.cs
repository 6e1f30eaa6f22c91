using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Client spans around our Redis calls: the registry serves no StackExchange.Redis instrumentation.
/// Only inside a traced operation, so background refreshes do not each become a trace of one span.
/// </summary>
public static class RedisTracing
{
    public const string SourceName = "FlexPlatform.Redis";
    private static readonly ActivitySource Source = new(SourceName);

    /// <param name="operation">The command and what it touches, e.g. <c>GET pledge:total</c> (never a value).</param>
    public static Activity? Start(string operation)
    {
        if (Activity.Current is null || Source.StartActivity(operation, ActivityKind.Client) is not { } activity)
        {
            return null;
        }

        activity.SetTag("db.system.name", "redis");
        activity.SetTag("db.operation.name", operation.Split(' ')[0]);
        return activity;
    }

    /// <summary>Runs one Redis call in a span, marked failed when it throws (the caller still handles it).</summary>
    public static async Task<T> TraceAsync<T>(string operation, Func<Task<T>> call)
    {
        using var activity = Start(operation);
        try
        {
            return await call();
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
