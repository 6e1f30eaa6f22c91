using System.Diagnostics;
using FlexPlatform.Testing;

namespace FlexPlatform.Bench;

public sealed record FanOut(int Streams, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// Opens many live-count streams through the gateway, moves the total once, and times how long
/// each watcher waits to see it: the "every watcher within a second" promise, measured.
/// </summary>
public static class StreamFanOut
{
    public static async Task<FanOut> MeasureAsync(Uri gateway, int streams, Action whileOpen, Func<Task> moveTotal)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue };
        using var client = new HttpClient(handler) { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var watchers = new List<(HttpResponseMessage Response, CountEvents Events, long First)>();
        try
        {
            foreach (var batch in Enumerable.Range(0, streams).Chunk(100))
            {
                watchers.AddRange(await Task.WhenAll(batch.Select(async _ =>
                {
                    var response = await client.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                    var events = new CountEvents(await response.Content.ReadAsStreamAsync(cancel.Token));
                    return (response, events, await events.NextAsync(cancel.Token));
                })));
            }

            whileOpen();
            var clock = Stopwatch.StartNew();
            var arrivals = watchers.Select(async w =>
            {
                while (await w.Events.NextAsync(cancel.Token) <= w.First)
                {
                }

                return clock.Elapsed.TotalMilliseconds;
            }).ToList();
            await moveTotal();
            var waits = (await Task.WhenAll(arrivals)).Order().ToArray();
            return new FanOut(streams, waits[waits.Length / 2], waits[(int)(waits.Length * 0.99)], waits[^1]);
        }
        finally
        {
            foreach (var (response, events, _) in watchers)
            {
                await events.DisposeAsync();
                response.Dispose();
            }
        }
    }
}
