using FlexPlatform.Engagement.Data;
using FlexPlatform.ServiceDefaults.Live;
using static FlexPlatform.ServiceDefaults.Live.CountEventStream;

namespace FlexPlatform.Engagement.Live;

/// <summary>
/// <c>GET /api/engagement/petitions/{slug}/stream</c>: server-sent events, <c>event: count</c> with
/// <c>{"signatures": N}</c> on connect and whenever the count moves, at most a few times a second,
/// with a comment now and then so proxies keep idle streams open.
/// </summary>
public static class SignatureStream
{
    public static async Task StreamAsync(string slug, HttpContext context, PetitionStore store, SignatureBroadcaster broadcaster)
    {
        var cancellationToken = context.RequestAborted;
        if (await store.IdOfAsync(slug, cancellationToken) is not { } petitionId)
        {
            await Results.NotFound().ExecuteAsync(context);
            return;
        }

        CountEventStream.Begin(context);

        try
        {
            using var lease = await broadcaster.WatchAsync(petitionId, cancellationToken);
            var watch = lease.Watch;
            var sent = watch.Latest;
            await WriteAsync(context.Response, $"retry: 2000\n{CountEvent(sent)}", cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var change = watch.NextChangeAsync();
                if (watch.Latest == sent && !await MovedWithinAsync(change, Heartbeat, cancellationToken))
                {
                    await WriteAsync(context.Response, ": keep-alive\n\n", cancellationToken);
                    continue;
                }

                sent = watch.Latest;
                await WriteAsync(context.Response, CountEvent(sent), cancellationToken);
                await Task.Delay(MinimumGap, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watcher left.
        }
    }

    private static string CountEvent(long value) => CountEventStream.CountEvent("signatures", value);
}
