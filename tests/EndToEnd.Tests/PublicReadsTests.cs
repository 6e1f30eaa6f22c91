using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PublicReadsTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Stats_count_a_confirmed_supporter_by_country_state_persona_and_flexibility()
    {
        var before = await StatsAsync();
        var body = Pledges.Valid(Pledges.NewEmail("stats"));
        body["region"] = "VT";
        body["personas"] = new[] { "retiree" };
        body["flexibility"] = new[] { "job-sharing" };
        await platform.ConfirmNewSupporterAsync(body);

        // Stats are a shared snapshot, seconds old at most.
        var after = await PlatformFixture.EventuallyAsync(StatsAsync, s => s.Total > before.Total);

        Assert.Equal(After(before.ByCountry, "US") + 1, After(after.ByCountry, "US"));
        Assert.Equal(After(before.ByRegion, "VT") + 1, After(after.ByRegion, "VT"));
        Assert.Equal(After(before.ByPersona, "retiree") + 1, After(after.ByPersona, "retiree"));
        Assert.Equal(After(before.ByFlexibility, "job-sharing") + 1, After(after.ByFlexibility, "job-sharing"));
        Assert.Equal(after.Total, after.ByCountry.Values.Sum());
    }

    [Fact]
    public async Task Recent_wall_lists_only_supporters_who_agreed_with_first_name_initial_and_place()
    {
        var listed = Pledges.Valid(Pledges.NewEmail("listed"));
        listed["firstName"] = "Wallace";
        listed["lastName"] = "ozols";
        listed["country"] = "LV";
        listed["region"] = "Riga";
        var hidden = Pledges.Valid(Pledges.NewEmail("hidden"));
        hidden["firstName"] = "Hideaway";
        hidden["listPublicly"] = false;
        await platform.ConfirmNewSupporterAsync(listed);
        await platform.ConfirmNewSupporterAsync(hidden);

        var wall = await PlatformFixture.EventuallyAsync(
            () => _gateway.GetStringAsync($"/api/pledges/recent"), w => w.Contains("Wallace", StringComparison.Ordinal));

        var entry = JsonDocument.Parse(wall).RootElement.EnumerateArray().First(e => e.GetProperty("displayName").GetString()!.StartsWith("Wallace", StringComparison.Ordinal));
        Assert.Equal("Wallace O.", entry.GetProperty("displayName").GetString());
        Assert.Equal("Riga, LV", entry.GetProperty("place").GetString());
        Assert.True(entry.TryGetProperty("pledgedAt", out _));
        Assert.DoesNotContain("Hideaway", wall, StringComparison.Ordinal);
        Assert.DoesNotContain("ozols", wall, StringComparison.Ordinal);
        Assert.DoesNotContain("@", wall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_through_the_gateway_sends_the_total_on_connect_and_when_it_moves()
    {
        using var watcher = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await watcher.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var events = new CountEvents(await response.Content.ReadAsStreamAsync(cancel.Token));

        var first = await events.NextAsync(cancel.Token);
        Assert.Equal(await platform.Pledge.CountAsync(), first);

        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("streamed"));
        var moved = await events.NextAsync(cancel.Token);
        Assert.Equal(first + 1, moved);
    }

    private async Task<Stats> StatsAsync() =>
        (await platform.Pledge.GetFromJsonAsync<Stats>("/api/pledges/stats"))!;

    private static long After(Dictionary<string, long> counts, string key) => counts.GetValueOrDefault(key);

    private sealed record Stats(long Total, Dictionary<string, long> ByCountry, Dictionary<string, long> ByRegion, Dictionary<string, long> ByPersona, Dictionary<string, long> ByFlexibility);
}
