using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FlexPlatform.AppHost.Hosting;
using FlexPlatform.Testing;
using Xunit;
using Xunit.Abstractions;

namespace FlexPlatform.Faults.Tests;

/// <summary>
/// A part of the platform SIGKILLed under sustained load and brought back by the AppHost's restart
/// policy, not by the test: every request answered cleanly, nothing acknowledged lost or doubled.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class CrashRecoveryTests(FaultsFixture faults, ITestOutputHelper output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(120);
    private PlatformFixture Platform => faults.Platform;

    [Theory]
    [InlineData("messaging")]
    [InlineData("cache")]
    [InlineData("engagement")]
    [InlineData("coalition")]
    public async Task Resource_crashed_under_load_is_restarted_by_the_apphost_and_nothing_is_lost(string name)
    {
        var resource = Platform.Platform.Resource<ProcessResource>(name);
        var restartsBefore = resource.Restarts;
        await using var load = await SustainedLoad.StartAsync(Platform);
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(load.Confirmed.Count), n => n >= 200, TimeSpan.FromSeconds(60));

        var crashed = Stopwatch.StartNew();
        resource.Crash();
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(resource.State), s => s == ResourceState.Crashed, TimeSpan.FromSeconds(10));
        var back = await PlatformFixture.EventuallyAsync(() => Task.FromResult(resource.State), s => s == ResourceState.Running, TimeSpan.FromSeconds(90));
        var recovery = crashed.Elapsed;
        var confirmedAtRecovery = load.Confirmed.Count;
        await PlatformFixture.EventuallyAsync(() => Task.FromResult(load.Confirmed.Count), n => n >= confirmedAtRecovery + 200, TimeSpan.FromSeconds(60));
        await load.StopAsync();

        output.WriteLine($"{name}: back in {recovery.TotalSeconds:0.0} s; answers {load.Summary()}; {load.Confirmed.Count} confirmed");
        Assert.Equal(ResourceState.Running, back);
        Assert.Equal(restartsBefore + 1, resource.Restarts);
        Assert.DoesNotContain(load.Answers.Keys, k => k is "hang" || k.Contains("not problem+json", StringComparison.Ordinal) || (k.StartsWith('5') && k != "503"));
        await AssertEveryConfirmationCountedOnceAsync(load.Confirmed);
    }

    [Fact]
    public async Task Dashboard_commands_stop_start_and_restart_a_resource_over_http()
    {
        var stopped = await faults.Dashboard.PostAsync("/api/resources/content/commands/stop", null);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal(ResourceState.Stopped, Platform.Platform.Resource<ProjectResource>("content").State);

        var started = await faults.Dashboard.PostAsync("/api/resources/content/commands/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("Running", JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());

        var restarted = await faults.Dashboard.PostAsync("/api/resources/content/commands/restart", null);
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Platform.Gateway.GetAsync("/api/content/posts")).StatusCode);

        var unknown = await faults.Dashboard.PostAsync("/api/resources/content/commands/explode", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var listed = JsonDocument.Parse(await faults.Dashboard.GetStringAsync("/api/resources")).RootElement;
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("name").GetString() == "content" && r.TryGetProperty("restarts", out _));
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
}
