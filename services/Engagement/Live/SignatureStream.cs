using System.Globalization;
using System.Text;
using FlexPlatform.Engagement.Data;
using Microsoft.AspNetCore.Http.Features;

namespace FlexPlatform.Engagement.Live;

/// <summary>
/// <c>GET /api/engagement/petitions/{slug}/stream</c>: server-sent events, <c>event: count</c> with
/// <c>{"signatures": N}</c> on connect and whenever the count moves, at most a few times a second,
/// with a comment now and then so proxies keep idle streams open.
/// </summary>
public static class SignatureStream
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string slug, HttpContext context, PetitionStore store, SignatureBroadcaster broadcaster)
    {
        var cancellationToken = context.RequestAborted;
        if (await store.IdOfAsync(slug, cancellationToken) is not { } petitionId)
        {
            await Results.NotFound().ExecuteAsync(context);
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";

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

    private static string CountEvent(long signatures) =>
        string.Create(CultureInfo.InvariantCulture, $"event: count\ndata: {{\"signatures\":{signatures}}}\n\n");

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
