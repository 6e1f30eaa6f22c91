using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FlexPlatform.Bench;

/// <summary>
/// Where events wait during a load: rows not yet relayed from Pledge's outbox, and messages in
/// the consumers' RabbitMQ queues (management API), sampled every 250 ms; the peaks tell which side lags.
/// </summary>
public sealed class Backlog(string pledgeDb, Uri management)
{
    public async Task<string> PeaksDuringAsync(Func<Task> load)
    {
        using var stop = new CancellationTokenSource();
        var (outboxPeak, queuePeak) = (0L, 0L);
        var sampler = Task.Run(async () =>
        {
            using var rabbit = new HttpClient { BaseAddress = management };
            rabbit.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            while (!stop.IsCancellationRequested)
            {
                outboxPeak = Math.Max(outboxPeak, await Database.CountAsync(pledgeDb, "SELECT count(*) FROM outbox_messages"));
                var queues = JsonDocument.Parse(await rabbit.GetStringAsync("/api/queues")).RootElement;
                queuePeak = Math.Max(queuePeak, queues.EnumerateArray().Sum(q => q.TryGetProperty("messages", out var m) ? m.GetInt64() : 0));
                await tick.WaitForNextTickAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await load();
        await stop.CancelAsync();
        await sampler;
        return $"outbox peak {outboxPeak:N0} rows not yet relayed; RabbitMQ peak {queuePeak:N0} messages queued for consumers";
    }
}
