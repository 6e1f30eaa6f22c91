using System.Globalization;
using System.Text;
using FlexPlatform.Pledge.Counting;
using Microsoft.AspNetCore.Http.Features;

namespace FlexPlatform.Pledge.Live;

/// <summary>
/// <c>GET /api/pledges/stream</c>: server-sent events, a <c>count</c> event on connect and whenever the
/// total moves. Each stream writes at most a few times a second however fast pledges arrive, and sends
/// a comment now and then so proxies keep idle streams open.
/// </summary>
public static class CountStream
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(HttpContext context, TotalBroadcaster broadcaster, PledgeCounter counter)
    {
        var cancellationToken = context.RequestAborted;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        try
        {
            var sent = broadcaster.Latest >= 0 ? broadcaster.Latest : await counter.GetTotalAsync(cancellationToken);
            await WriteAsync(context.Response, $"retry: 2000\n{CountEvent(sent)}", cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var change = broadcaster.NextChangeAsync();
                if (broadcaster.Latest == sent || broadcaster.Latest < 0)
                {
                    if (!await MovedWithinAsync(change, Heartbeat, cancellationToken))
                    {
                        await WriteAsync(context.Response, ": keep-alive\n\n", cancellationToken);
                        continue;
                    }
                }

                sent = broadcaster.Latest;
                await WriteAsync(context.Response, CountEvent(sent), cancellationToken);
                await Task.Delay(MinimumGap, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watcher left.
        }
    }

    private static async Task<bool> MovedWithinAsync(Task change, TimeSpan wait, CancellationToken cancellationToken)
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

    private static string CountEvent(long total) =>
        string.Create(CultureInfo.InvariantCulture, $"event: count\ndata: {{\"total\":{total}}}\n\n");

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
