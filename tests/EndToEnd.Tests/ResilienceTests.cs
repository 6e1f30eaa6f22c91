using System.Net;
using FlexPlatform.Testing;
using StackExchange.Redis;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Crashes of the shared servers in the middle of traffic. They run in the platform collection, one at a time.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ResilienceTests(PlatformFixture platform)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task RabbitMq_killed_and_restarted_during_a_burst_every_confirmation_reaches_engagement_exactly_once()
    {
        var tokens = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var email = Pledges.NewEmail("burst");
            (await _gateway.SubmitAsync(Pledges.Valid(email))).EnsureSuccessStatusCode();
            tokens.Add(await platform.ConfirmationTokenForAsync(email));
        }

        var confirmed = 0;
        var burst = Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (token, cancellationToken) =>
        {
            var response = await _gateway.ConfirmAsync(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Interlocked.Increment(ref confirmed);
            await Task.Delay(100, cancellationToken);
        });
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref confirmed)), n => n >= 5);
        var linesBefore = platform.LogLines.Count;
        await platform.KillAsync("messaging");
        await burst;
        await platform.StartAsync("messaging");

        var ids = string.Join(',', (await SupporterIdsAsync(tokens.Count)).Select(id => $"'{id}'"));
        Assert.Equal(tokens.Count, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id IN ({ids})"), n => n == tokens.Count, Recovery));
        Assert.Equal(0, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("pledgedb", "SELECT count(*) FROM outbox_messages"), n => n == 0, Recovery));
        await platform.AssertTotalsAgreeAsync(Recovery);

        // The outage reads as a few lines per service (lost, back), never a stack trace per retry.
        var services = new[] { "pledge", "coalition", "content", "engagement" };
        var outageLines = platform.LogLines.Skip(linesBefore).Where(l => services.Any(s => l.StartsWith(s + " ", StringComparison.Ordinal))).ToList();
        Assert.DoesNotContain(outageLines, l => l.Contains(" at ", StringComparison.Ordinal) && l.Contains("Exception", StringComparison.Ordinal));
        foreach (var service in services)
        {
            var warnings = outageLines.Count(l => l.StartsWith(service + " ", StringComparison.Ordinal) && (l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)));
            Assert.True(warnings <= 6, $"{service} logged {warnings} warnings during one broker outage");
        }

        // Every service's bus is back, not only the ones these events crossed: the tests after this one rely on all of them.
        foreach (var service in services)
        {
            Assert.Equal("Healthy", await PlatformFixture.EventuallyAsync(() => MessagingHealthAsync(service), status => status == "Healthy", Recovery));
        }
    }

    private async Task<string> MessagingHealthAsync(string service)
    {
        using var client = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl(service)) };
        using var response = await client.GetAsync("/health");
        var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return health.GetProperty("checks").TryGetProperty("messaging", out var status) ? status.GetString()! : "absent";
    }

    [Fact]
    public async Task Redis_killed_counts_are_still_served_the_stream_moves_on_and_redis_is_resynced_on_return()
    {
        using var watcher = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await watcher.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await using var events = new CountEvents(await response.Content.ReadAsStreamAsync(cancel.Token));
        var first = await events.NextAsync(cancel.Token);

        await platform.KillAsync("cache");
        try
        {
            await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("redisless"));
            Assert.Equal(first + 1, await events.NextAsync(cancel.Token));
            Assert.Equal(first + 1, await platform.Pledge.CountAsync());
        }
        finally
        {
            await platform.StartAsync("cache");
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(platform.ConnectionString("cache"));
        var cached = await PlatformFixture.EventuallyAsync(
            async () => (long?)await connection.GetDatabase().StringGetAsync("pledge:total"), total => total == first + 1, TimeSpan.FromSeconds(30));
        Assert.Equal(first + 1, cached);

        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("redis-back"));
        Assert.Equal(first + 2, await events.NextAsync(cancel.Token));
        await platform.AssertTotalsAgreeAsync();
    }

    [Fact]
    public async Task Streams_that_heard_a_total_other_than_the_stored_one_are_set_right_within_seconds()
    {
        using var watcher = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await watcher.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await using var events = new CountEvents(await response.Content.ReadAsStreamAsync(cancel.Token));
        var first = await events.NextAsync(cancel.Token);

        // As when a notice is lost while the subscription reconnects: what the streams show is not the stored total.
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(platform.ConnectionString("cache")))
        {
            await connection.GetSubscriber().PublishAsync(RedisChannel.Literal("pledge:total:changed"), first + 1000);
        }

        Assert.Equal(first + 1000, await events.NextAsync(cancel.Token));
        Assert.Equal(await platform.Pledge.CountAsync(), await events.NextAsync(cancel.Token));
    }

    [Fact]
    public async Task Total_evicted_from_redis_is_rebuilt_from_postgres_and_pledge_keeps_running()
    {
        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("evicted"));
        var pid = platform.ProcessIdOf("pledge");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(platform.ConnectionString("cache"));
        var redis = connection.GetDatabase();
        Assert.True(await redis.KeyExistsAsync("pledge:total:snapshot"));

        // Evicted or flushed by hand: the total goes, the snapshot of the count it came from stays.
        Assert.True(await redis.KeyDeleteAsync("pledge:total"));

        var truth = await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
        Assert.Equal(truth, await platform.Pledge.CountAsync());
        Assert.Equal(truth, (long?)await redis.StringGetAsync("pledge:total"));
        Assert.True(platform.IsHealthy("pledge"));
        Assert.Equal(pid, platform.ProcessIdOf("pledge"));
    }

    [Fact]
    public async Task A_total_left_by_another_postgres_cluster_does_not_freeze_the_count()
    {
        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("before-restore"));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(platform.ConnectionString("cache"));
        var redis = connection.GetDatabase();

        // As after restoring pledgedb into a new cluster: the stored snapshot is another cluster's, far "ahead".
        await redis.StringSetAsync("pledge:total:snapshot", "6000000000000000001:999999999999:0");
        await redis.StringSetAsync("pledge:total", "424242");
        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("after-restore"));

        var truth = await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
        Assert.Equal(truth, await PlatformFixture.EventuallyAsync(() => platform.Pledge.CountAsync(), n => n == truth));
        Assert.DoesNotContain("999999999999", (string?)await redis.StringGetAsync("pledge:total:snapshot"), StringComparison.Ordinal);
    }

    private async Task<List<Guid>> SupporterIdsAsync(int newest)
    {
        await using var connection = platform.OpenDatabase("pledgedb");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT id FROM supporters WHERE email LIKE 'burst.%' ORDER BY created_at DESC LIMIT {newest}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
