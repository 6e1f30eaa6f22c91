using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FlexPlatform.ServiceDefaults.Live;

/// <summary>
/// The shape every live counter shares (pledge total, petition signatures): server-sent
/// <c>event: count</c> lines, at most a few a second, with a comment now and then so proxies keep
/// idle streams open.
/// </summary>
public static class CountEventStream
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private static readonly Meter Meter = new("FlexPlatform.Live");
    private static readonly UpDownCounter<long> OpenStreams = Meter.CreateUpDownCounter<long>("flex.live.streams", "{stream}", "Live counter streams open now.");

    /// <summary>Starts the stream; it counts as open until the request ends, however it ends.</summary>
    public static void Begin(HttpContext context)
    {
        OpenStreams.Add(1);
        context.Response.RegisterForDispose(new Closed());
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
    }

    public static string CountEvent(string field, long value) =>
        string.Create(CultureInfo.InvariantCulture, $"event: count\ndata: {{\"{field}\":{value}}}\n\n");

    /// <summary>True when <paramref name="change"/> completed within <paramref name="wait"/>.</summary>
    public static async Task<bool> MovedWithinAsync(Task change, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await change.WaitAsync(wait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private sealed class Closed : IDisposable
    {
        public void Dispose() => OpenStreams.Add(-1);
    }

    public static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
