using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using FlexPlatform.Testing;
using Npgsql;

namespace FlexPlatform.Faults.Tests;

/// <summary>
/// Pledges, confirmations and count reads through the gateway, with live streams open, until stopped.
/// Every answer is recorded by status; a request that outlives its timeout counts as a hang.
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
    private readonly List<Task> _workers = [];
    private readonly List<HttpResponseMessage> _streams = [];

    private SustainedLoad(PlatformFixture platform)
    {
        _platform = platform;
        _client = new HttpClient { BaseAddress = platform.Gateway.BaseAddress, Timeout = RequestTimeout };
        _streamClient = new HttpClient { BaseAddress = platform.Gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Answers by kind: "200", "429", "503", "hang", "refused", …</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    /// <summary>Supporters whose confirmation was answered 200: each must end up counted everywhere.</summary>
    public IReadOnlyCollection<Guid> Confirmed => _confirmed;

    public static async Task<SustainedLoad> StartAsync(PlatformFixture platform, int workers = 6, int streams = 5)
    {
        var load = new SustainedLoad(platform);
        var tokens = new ConcurrentQueue<string>(await SeedPendingAsync(platform, 20_000));
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

    public string Summary() => string.Join(", ", _answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}: {a.Value}"));

    private async Task ConfirmLoopAsync(ConcurrentQueue<string> tokens)
    {
        while (!_stop.IsCancellationRequested && tokens.TryDequeue(out var token))
        {
            var answer = await SendAsync(() => _client.PostAsJsonAsync("/api/pledges/confirm", new { token }));
            if (answer is { StatusCode: HttpStatusCode.OK } ok)
            {
                _confirmed.Enqueue((await ok.Content.ReadFromJsonAsync<ConfirmBody>())!.SupporterId);
            }
        }
    }

    private async Task PledgeLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var email = $"load.{Guid.NewGuid():N}@example.org";
            await SendAsync(() => _client.PostAsJsonAsync("/api/pledges", new { firstName = "Lo", lastName = "Ad", email, country = "US", consentToUpdates = false, listPublicly = false }));
        }
    }

    private async Task ReadLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await SendAsync(() => _client.GetAsync("/api/pledges/count"));
            await Task.Delay(20);
        }
    }

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

    /// <summary>Pending pledges with known tokens (stored hashed, as Pledge stores them), to confirm at load.</summary>
    private static async Task<List<string>> SeedPendingAsync(PlatformFixture platform, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var tokens = Enumerable.Range(0, count).Select(i => $"load{run}{i:D27}").ToList();
        await using var connection = platform.OpenDatabase("pledgedb");
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO supporters (id, email, email_normalized, first_name, last_name, country, consent_to_updates, list_publicly,
                                    referral_code, confirm_token_hash, confirm_expires_at, manage_token_hash, last_mailed_at)
            SELECT gen_random_uuid(), e, e, 'Lo', 'Ad', 'US', false, false, r, t, now() + interval '1 day', m, now()
            FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[]) AS s(e, r, t, m)
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => $"{t}@example.org").ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(_ => Code()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes("m" + t))).ToArray() });
        await insert.ExecuteNonQueryAsync();
        return tokens;
    }

    private static string Code() => string.Create(8, 0, (span, _) =>
    {
        const string alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
    });

    private sealed record ConfirmBody(Guid SupporterId, string ReferralCode);
}
