using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using FlexPlatform.Testing;
using Npgsql;

namespace FlexPlatform.Faults.Tests;

/// <summary>
/// Pledges, confirmations and count reads through the gateway at a steady rate, with live streams open,
/// until stopped. Every answer is recorded by status; a request that outlives its timeout counts as a hang.
/// The rate is paced rather than as fast as possible: a crash lands on work in flight either way, and an
/// unpaced load only spends the two cores the rest of the suite runs on.
/// </summary>
public sealed class SustainedLoad : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly PlatformFixture _platform;
    private readonly HttpClient _client;
    private readonly HttpClient _streamClient;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private readonly ConcurrentQueue<Guid> _confirmed = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly List<Task> _workers = [];
    private readonly List<HttpResponseMessage> _streams = [];
    private readonly TimeSpan _period;

    private SustainedLoad(PlatformFixture platform, TimeSpan period)
    {
        _platform = platform;
        _period = period;
        _client = new HttpClient { BaseAddress = platform.Gateway.BaseAddress, Timeout = RequestTimeout };
        _streamClient = new HttpClient { BaseAddress = platform.Gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Answers by kind: "200", "429", "503", "hang", "refused", …</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    /// <summary>Supporters whose confirmation was answered 200: each must end up counted everywhere.</summary>
    public IReadOnlyCollection<Guid> Confirmed => _confirmed;

    /// <param name="seeded">Pending pledges to confirm: more than the run can confirm, so confirmations never run dry.</param>
    /// <param name="perSecond">Pledges a second, and as many confirmations and count reads, spread over the workers.</param>
    public static async Task<SustainedLoad> StartAsync(PlatformFixture platform, int workers = 4, int streams = 5, int seeded = 20_000, int perSecond = 50)
    {
        var load = new SustainedLoad(platform, TimeSpan.FromSeconds((double)workers / perSecond));
        var tokens = new ConcurrentQueue<string>(await PendingSupporters.SeedAsync(platform, seeded, "load"));
        for (var i = 0; i < streams; i++)
        {
            load._streams.Add(await load._streamClient.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead));
        }

        for (var i = 0; i < workers; i++)
        {
            load._workers.Add(Task.Run(() => load.ConfirmLoopAsync(tokens)));
            load._workers.Add(Task.Run(load.PledgeLoopAsync));
            load._workers.Add(Task.Run(load.ReadLoopAsync));
        }

        return load;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _streams.ForEach(s => s.Dispose());
        _client.Dispose();
        _streamClient.Dispose();
        _stop.Dispose();
    }

    /// <summary>Each answer that is a server error (not a 503): the request and the problem it came with.</summary>
    public IReadOnlyCollection<string> ServerErrors => _failures;

    public string Summary() => string.Join(", ", _answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}: {a.Value}"));

    private Task ConfirmLoopAsync(ConcurrentQueue<string> tokens) => PacedAsync(async () =>
    {
        if (!tokens.TryDequeue(out var token))
        {
            return false;
        }

        var answer = await SendAsync(() => _client.PostAsJsonAsync("/api/pledges/confirm", new { token }));
        if (answer is { StatusCode: HttpStatusCode.OK } ok)
        {
            _confirmed.Enqueue((await ok.Content.ReadFromJsonAsync<ConfirmBody>())!.SupporterId);
        }

        return true;
    });

    private Task PledgeLoopAsync() => PacedAsync(async () =>
    {
        var email = $"load.{Guid.NewGuid():N}@example.org";
        await SendAsync(() => _client.PostAsJsonAsync("/api/pledges", new { firstName = "Lo", lastName = "Ad", email, country = "US", consentToUpdates = false, listPublicly = false }));
        return true;
    });

    // One request a period; a slow answer delays the next rather than queuing a burst behind it.
    private async Task PacedAsync(Func<Task<bool>> send)
    {
        using var pace = new PeriodicTimer(_period);
        try
        {
            while (await pace.WaitForNextTickAsync(_stop.Token) && await send())
            {
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private Task ReadLoopAsync() => PacedAsync(async () =>
    {
        (await SendAsync(() => _client.GetAsync("/api/pledges/count")))?.Dispose();
        return true;
    });

    private async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            var response = await send();
            var kind = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                kind += " (not problem+json)";
            }

            if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                // Which request, and the problem's trace id, to find the exception in the service's log.
                _failures.Enqueue($"{kind} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {await response.Content.ReadAsStringAsync()}");
            }

            _answers.AddOrUpdate(kind, 1, (_, n) => n + 1);
            return response;
        }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
        {
            _answers.AddOrUpdate("hang", 1, (_, n) => n + 1);
        }
        catch (HttpRequestException)
        {
            _answers.AddOrUpdate("refused", 1, (_, n) => n + 1);
            await Task.Delay(100);
        }
        catch (TaskCanceledException)
        {
        }

        return null;
    }

    private sealed record ConfirmBody(Guid SupporterId, string ReferralCode);
}
