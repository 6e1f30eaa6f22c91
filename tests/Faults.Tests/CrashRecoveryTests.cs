using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlexPlatform.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Xunit;
using Xunit.Abstractions;

namespace FlexPlatform.Faults.Tests;

/// <summary>
/// A part of the platform SIGKILLed under sustained load and brought back by the AppHost's restart
/// policy, not by the test: every request answered cleanly, nothing acknowledged lost or doubled.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed partial class CrashRecoveryTests(FaultsFixture faults, ITestOutputHelper output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(120);
    private PlatformFixture Platform => faults.Platform;

    [Theory]
    [InlineData("messaging")]
    [InlineData("cache")]
    [InlineData("engagement")]
    [InlineData("coalition")]
    [InlineData("postgres")]
    [InlineData("pledge")]
    [InlineData("gateway")]
    public async Task Resource_crashed_under_load_is_restarted_by_the_apphost_and_nothing_is_lost(string name)
    {
        var restartsBefore = Platform.RestartsOf(name);
        await using var load = await SustainedLoad.StartAsync(Platform, seeded: 5_000);
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(load.Confirmed.Count), n => n >= 150, TimeSpan.FromSeconds(60));

        var crashed = Stopwatch.StartNew();
        Platform.Crash(name);
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(Platform.IsHealthy(name)), healthy => !healthy, TimeSpan.FromSeconds(10));
        var back = await PlatformFixture.EventuallyAsync(
            () => Task.FromResult(Platform.IsHealthy(name) && Platform.RestartsOf(name) > restartsBefore), healthy => healthy, TimeSpan.FromSeconds(90));
        var recovery = crashed.Elapsed;
        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own pooled connections died with PostgreSQL
        var confirmedAtRecovery = load.Confirmed.Count;
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(load.Confirmed.Count), n => n >= confirmedAtRecovery + 150, TimeSpan.FromSeconds(60));
        await load.StopAsync();

        output.WriteLine($"{name}: back in {recovery.TotalSeconds:0.0} s; answers {load.Summary()}; {load.Confirmed.Count} confirmed");
        WriteServerErrors(load);
        Assert.True(back, $"{name} is {Platform.StateOf(name)} after {recovery.TotalSeconds:0} s");
        Assert.Equal(restartsBefore + 1, Platform.RestartsOf(name));
        Assert.DoesNotContain(load.Answers.Keys, k => k is "hang" || k.Contains("not problem+json", StringComparison.Ordinal) || (k.StartsWith('5') && k != "503"));
        // Only while the one gateway itself is down can a client not connect at all.
        Assert.True(name == "gateway" || !load.Answers.ContainsKey("refused"), load.Summary());
        await AssertEveryConfirmationCountedOnceAsync(load.Confirmed);
    }

    [Fact]
    public async Task Consumer_database_unreachable_past_the_retry_cap_under_load_catches_up_with_nothing_lost()
    {
        await using var load = await SustainedLoad.StartAsync(Platform);
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(load.Confirmed.Count), n => n >= 200, TimeSpan.FromSeconds(60));

        using var engagement = Platform.AdminClientFor("engagement");
        var outage = Stopwatch.StartNew();
        await Platform.SetConnectionsAllowedAsync("engagementdb", false);
        try
        {
            var health = await PlatformFixture.EventuallyAsync(
                async () => await (await engagement.GetAsync("/health")).Content.ReadAsStringAsync(),
                h => h.Contains("\"PostgreSql\":{", StringComparison.Ordinal));
            // Aspire's Npgsql health check names the dependency that is away.
            Assert.Contains("\"PostgreSql\":\"Unhealthy\"", health, StringComparison.Ordinal);

            // The outage itself, under load: past the 10 s or so the consumers' retries take to reach their cap
            // (0.2, 1.2, 3.2, then 5 s apart), so they go on retrying at the cap until the database is back.
            if (TimeSpan.FromSeconds(15) - outage.Elapsed is { Ticks: > 0 } remaining)
            {
                await Task.Delay(remaining);
            }
        }
        finally
        {
            await Platform.SetConnectionsAllowedAsync("engagementdb", true);
        }

        var down = outage.Elapsed;
        var confirmedAtRecovery = load.Confirmed.Count;
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(load.Confirmed.Count), n => n >= confirmedAtRecovery + 200, TimeSpan.FromSeconds(60));
        await load.StopAsync();
        var caughtUp = Stopwatch.StartNew();
        await AssertEveryConfirmationCountedOnceAsync(load.Confirmed);

        output.WriteLine($"engagementdb refused connections for {down.TotalSeconds:0} s; caught up {caughtUp.Elapsed.TotalSeconds:0.0} s after the load stopped; answers {load.Summary()}; {load.Confirmed.Count} confirmed");
        Assert.DoesNotContain(load.Answers.Keys, k => k is "hang" or "refused" || k.StartsWith('5'));
        var errors = JsonDocument.Parse(await engagement.GetStringAsync("/admin/messaging/errors")).RootElement;
        Assert.All(errors.EnumerateArray(), queue => Assert.Equal(0, queue.GetProperty("messages").GetInt64()));
    }

    [Fact]
    public async Task Dashboard_commands_restart_stop_and_start_a_resource_and_a_stopped_one_stays_stopped()
    {
        var content = Platform.InstancesOf("content").Single();
        var commands = Platform.App.ResourceCommands;

        await AssertSucceedsAsync(commands.ExecuteCommandAsync(content, KnownResourceCommands.RestartCommand));
        await Platform.WaitHealthyAsync(content, TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, (await Platform.Gateway.GetAsync("/api/content/posts")).StatusCode);

        await AssertSucceedsAsync(commands.ExecuteCommandAsync(content, KnownResourceCommands.StopCommand));
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(Platform.StateOf(content)), s => KnownResourceStates.TerminalStates.Contains(s));
        // The restart policy starts a crashed process after 1 s: a stop asked for must outlast that.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Contains(Platform.StateOf(content), KnownResourceStates.TerminalStates);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Platform.Gateway.GetAsync("/api/content/posts")).StatusCode);
        // The gateway refuses an admin route by itself, from the service's last description of it.
        using (var anonymous = await Platform.Gateway.PostAsync("/api/content/posts", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }


        await AssertSucceedsAsync(commands.ExecuteCommandAsync(content, KnownResourceCommands.StartCommand));
        await Platform.WaitHealthyAsync(content, TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, (await Platform.Gateway.GetAsync("/api/content/posts")).StatusCode);
        Assert.Equal(0, Platform.RestartsOf(content));

        Assert.False((await commands.ExecuteCommandAsync(content, "explode")).Success);
    }

    // A server error names its request and trace id; the exception handler's log entries say which exception it was.
    private void WriteServerErrors(SustainedLoad load)
    {
        if (load.ServerErrors.Count == 0)
        {
            return;
        }

        foreach (var error in load.ServerErrors)
        {
            output.WriteLine(error);
        }

        var lines = Platform.LogLines.Select(l => AnsiEscape().Replace(l, "")).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains("ExceptionHandlerMiddleware", StringComparison.Ordinal))
            {
                lines.Skip(i).Take(25).ToList().ForEach(output.WriteLine);
            }
        }
    }

    private static async Task AssertSucceedsAsync(Task<ExecuteCommandResult> command)
    {
        var result = await command;
        Assert.True(result.Success, result.Message);
    }

    private async Task AssertEveryConfirmationCountedOnceAsync(IReadOnlyCollection<Guid> confirmed)
    {
        var ids = confirmed.ToArray();
        Assert.Equal(ids.Length, await CountAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed' AND id = ANY($1)", ids));
        Assert.Equal(ids.Length, await PlatformFixture.EventuallyAsync(
            () => CountAsync("engagementdb", "SELECT count(*) FROM confirmed_supporters WHERE supporter_id = ANY($1)", ids), n => n == ids.Length, Quiet));
        var truth = await Platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
        Assert.Equal(truth, await PlatformFixture.EventuallyAsync(
            () => Platform.ScalarAsync("engagementdb", "SELECT count(*) FROM confirmed_supporters WHERE withdrawn_at IS NULL"), n => n == truth, Quiet));
        Assert.Equal(truth, await PlatformFixture.EventuallyAsync(async () =>
        {
            using var response = await Platform.Pledge.GetAsync("/api/pledges/count");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt64();
        }, n => n == truth, Quiet));
    }

    private async Task<long> CountAsync(string database, string sql, Guid[] ids)
    {
        await using var connection = Platform.OpenDatabase(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}
