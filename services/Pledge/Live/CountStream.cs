using FlexPlatform.Pledge.Counting;
using FlexPlatform.ServiceDefaults.Live;
using static FlexPlatform.ServiceDefaults.Live.CountEventStream;

namespace FlexPlatform.Pledge.Live;

/// <summary>
/// <c>GET /api/pledges/stream</c>: server-sent events, a <c>count</c> event on connect and whenever the
/// total moves. Each stream writes at most a few times a second however fast pledges arrive, and sends
/// a comment now and then so proxies keep idle streams open.
/// </summary>
public static class CountStream
{
    public static async Task StreamAsync(HttpContext context, TotalBroadcaster broadcaster, PledgeCounter counter)
    {
        var cancellationToken = context.RequestAborted;
        CountEventStream.Begin(context);

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

    private static string CountEvent(long value) => CountEventStream.CountEvent("total", value);
}
