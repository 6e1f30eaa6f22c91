using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class LegislationTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Bill_history_shows_each_action_and_links_the_petitions_and_events_acting_on_it()
    {
        var billNumber = "AB " + Random.Shared.Next(1000, 9999) + Guid.NewGuid().ToString("N")[..4];
        using var admin = platform.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/engagement/legislation", new
        {
            title = "Flexible Work for State Employees Act", jurisdiction = "US-CA", billNumber,
            summary = "Lets state employees telecommute.", position = "support", url = "https://leginfo.example.gov/ab", stage = "introduced",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
        var petition = Engagements.Petition("Pass the flexible work act");
        petition["legislationSlug"] = slug;
        var petitionSlug = await platform.CreatePetitionAsync(petition);
        var rally = Engagements.Event("Rally for the act");
        rally["legislationSlug"] = slug;
        var eventSlug = await platform.CreateEventAsync(rally);

        (await admin.PostAsJsonAsync($"/api/engagement/legislation/{slug}/actions", new { stage = "in-committee", note = "Referred to Labor Committee.", occurredOn = "2026-02-01" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/engagement/legislation/{slug}/actions", new { stage = "in-committee", note = "Hearing held.", occurredOn = "2026-02-15" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/engagement/legislation/{slug}/actions", new { stage = "passed-one-chamber", note = "Passed the Assembly 60-15.", occurredOn = "2026-03-10" })).EnsureSuccessStatusCode();

        var bill = await _gateway.GetFromJsonAsync<JsonElement>($"/api/engagement/legislation/{slug}");
        Assert.Equal("passed-one-chamber", bill.GetProperty("stage").GetString());
        Assert.Equal(
            ["Referred to Labor Committee.", "Hearing held.", "Passed the Assembly 60-15."],
            bill.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("note").GetString()!).ToArray());
        Assert.Equal("2026-03-10", bill.GetProperty("actions")[2].GetProperty("occurredOn").GetString());
        Assert.Equal(petitionSlug, Assert.Single(bill.GetProperty("petitions").EnumerateArray()).GetProperty("slug").GetString());
        Assert.Equal(eventSlug, Assert.Single(bill.GetProperty("events").EnumerateArray()).GetProperty("slug").GetString());

        var us = await _gateway.GetStringAsync($"/api/engagement/legislation?jurisdiction=US");
        var gb = await _gateway.GetStringAsync($"/api/engagement/legislation?jurisdiction=GB");
        Assert.Contains(slug, us, StringComparison.Ordinal);
        Assert.DoesNotContain(slug, gb, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stage", "tabled")]
    [InlineData("position", "maybe")]
    [InlineData("jurisdiction", "Narnia")]
    public async Task Bad_bill_is_refused_naming_the_field_and_nothing_is_stored(string field, string value)
    {
        var billNumber = "BAD-" + Guid.NewGuid().ToString("N")[..8];
        var body = new Dictionary<string, object?>
        {
            ["title"] = "Refused bill", ["jurisdiction"] = "US", ["billNumber"] = billNumber, ["summary"] = "s", ["position"] = "support", ["stage"] = "introduced",
        };
        body[field] = value;
        using var admin = platform.AdminClient();

        var refused = await admin.PostAsJsonAsync("/api/engagement/legislation", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM legislation WHERE bill_number = '{billNumber}'"));
    }

    [Fact]
    public async Task Ideas_are_listed_in_the_order_admins_gave_them_with_sanitized_html()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var admin = platform.AdminClient();
        (await admin.PostAsJsonAsync("/api/engagement/ideas", new { title = $"Second {tag}", summary = "s", body = "Talk to *HR*.", position = 20 })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/engagement/ideas", new { title = $"First {tag}", summary = "s", body = "<img src=x onerror=alert(1)> Ask.", position = 10 })).EnsureSuccessStatusCode();

        var ideas = (await platform.EngagementService().GetFromJsonAsync<JsonElement>("/api/engagement/ideas"))
            .EnumerateArray().Where(i => i.GetProperty("title").GetString()!.EndsWith(tag, StringComparison.Ordinal)).ToArray();

        Assert.Equal([$"First {tag}", $"Second {tag}"], ideas.Select(i => i.GetProperty("title").GetString()!).ToArray());
        Assert.DoesNotContain("<img", ideas[0].GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Contains("<em>HR</em>", ideas[1].GetProperty("html").GetString(), StringComparison.Ordinal);
    }
}
