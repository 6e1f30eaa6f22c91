using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Coalition moderation and the public directory, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CoalitionTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Rejected_application_mails_the_reason_to_the_contact_and_is_never_listed()
    {
        var contact = Pledges.NewEmail("contact");
        var name = $"Rejected Widgets {Guid.NewGuid():N}"[..28];
        var id = await platform.ApplyAsync(name, contact);
        using var admin = platform.AdminClient();

        var rejected = await admin.PostAsJsonAsync($"/api/coalition/applications/{id}/reject", new { reason = "Your website does not mention flexible work." });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var decisions = await platform.MailArrivedAsync(contact, m => m.Subject.StartsWith("Your application for", StringComparison.Ordinal));
        var mail = Assert.Single(decisions, m => m.Subject.StartsWith("Your application for", StringComparison.Ordinal));
        Assert.Contains("Your website does not mention flexible work.", mail.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/coalition/applications/{id}/approve", null)).StatusCode);
        var members = await _gateway.GetStringAsync($"/api/coalition/members?q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain(name, members, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_without_a_reason_is_a_400_naming_reason()
    {
        var id = await platform.ApplyAsync("Reasonless Inc");
        using var admin = platform.AdminClient();

        var response = await admin.PostAsJsonAsync($"/api/coalition/applications/{id}/reject", new { reason = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reason", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approved_member_is_listed_with_a_page_its_code_is_mailed_and_its_contact_is_never_public()
    {
        var contact = Pledges.NewEmail("contact");
        var name = $"Flexible Bakery {Guid.NewGuid():N}"[..26];
        var id = await platform.ApplyAsync(name, contact, kind: "nonprofit", country: "GB", statement: "Bakers choose their own shifts.");
        using var admin = platform.AdminClient();
        var approval = (await (await admin.PostAsync($"/api/coalition/applications/{id}/approve", null)).Content.ReadFromJsonAsync<Members.Approval>())!;

        var decisions = await platform.MailArrivedAsync(contact, m => m.Subject.Contains("is now a member", StringComparison.Ordinal));
        var mail = Assert.Single(decisions, m => m.Subject.Contains("is now a member", StringComparison.Ordinal));
        Assert.Contains(approval.Code, mail.Body, StringComparison.Ordinal);
        Assert.Contains("pledge", mail.Body, StringComparison.OrdinalIgnoreCase);

        var page = await PlatformFixture.EventuallyAsync(() => _gateway.GetAsync($"/api/coalition/members/{approval.Slug}"), r => r.IsSuccessStatusCode);
        var member = await page.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, member.GetProperty("name").GetString());
        Assert.Equal(0, member.GetProperty("supporters").GetInt64());
        var listed = await PlatformFixture.EventuallyAsync(
            () => _gateway.GetStringAsync("/api/coalition/members?q=shifts&kind=nonprofit&country=GB"), l => l.Contains(approval.Slug, StringComparison.Ordinal));
        Assert.Contains(approval.Slug, listed, StringComparison.Ordinal);
        foreach (var body in new[] { listed, await page.Content.ReadAsStringAsync(), await _gateway.GetStringAsync("/api/coalition/stats") })
        {
            Assert.DoesNotContain(contact, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("contact", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(approval.Code, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Directory_searches_statements_filters_featured_pages_counts_and_forgets_removed_members()
    {
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var first = await platform.ApproveNewMemberAsync($"Alpha {word}");
        var second = await platform.ApproveNewMemberAsync($"Beta {word}");
        using var admin = platform.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/coalition/members/{second.Slug}/feature", null)).StatusCode);

        var statsBefore = await StatsAsync();
        var featured = await ListAsync($"?q={word}&featured=true");
        Assert.Equal([second.Slug], featured);
        Assert.Equal([second.Slug, first.Slug], await ListAsync($"?q={word}"));
        Assert.Equal([first.Slug], await ListAsync($"?q={word}&page=2&pageSize=1"));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/coalition/members/{first.Slug}/remove", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.AdminClientFor("coalition").GetAsync($"/api/coalition/members/{first.Slug}")).StatusCode);
        Assert.Equal([second.Slug], await PlatformFixture.EventuallyAsync(() => ListAsync($"?q={word}"), l => l.Count == 1));
        var statsAfter = await PlatformFixture.EventuallyAsync(StatsAsync, s => s.GetProperty("members").GetInt64() < statsBefore.GetProperty("members").GetInt64());
        Assert.Equal(statsBefore.GetProperty("members").GetInt64() - 1, statsAfter.GetProperty("members").GetInt64());
        Assert.True(statsAfter.GetProperty("byKind").GetProperty("company").GetInt64() >= 1);
        Assert.True(statsAfter.GetProperty("byCountry").GetProperty("US").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("kind=spaceship", "kind")]
    [InlineData("country=usa", "country")]
    public async Task Bad_directory_query_is_a_400_naming_the_field(string query, string field)
    {
        var response = await _gateway.GetAsync($"/api/coalition/members?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<List<string>> ListAsync(string query) =>
        (await _gateway.GetFromJsonAsync<JsonElement>($"/api/coalition/members{query}")).EnumerateArray().Select(m => m.GetProperty("slug").GetString()!).ToList();

    private Task<JsonElement> StatsAsync() => platform.AdminClientFor("coalition").GetFromJsonAsync<JsonElement>("/api/coalition/stats");

    [Fact]
    public async Task An_application_reaches_the_moderators_only_once_its_contact_confirmed_the_address()
    {
        var contact = Pledges.NewEmail("unconfirmed");
        var name = $"Unconfirmed Co {Guid.NewGuid():N}"[..24];
        var applied = await _gateway.PostAsJsonAsync("/api/coalition/applications", Application(name, contact));
        Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        var id = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
        using var admin = platform.AdminClient();

        Assert.DoesNotContain(name, await admin.GetStringAsync("/api/coalition/applications?pageSize=100"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/coalition/applications/{id}/approve", null)).StatusCode);

        var token = await platform.LinkTokenForAsync(contact, "coalition/apply/confirm");
        var confirmed = await _gateway.PostAsJsonAsync("/api/coalition/applications/confirm", new { token });
        var again = await _gateway.PostAsJsonAsync("/api/coalition/applications/confirm", new { token });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(await confirmed.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE id = '{id}' AND status = 'pending'"));
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.PostAsJsonAsync("/api/coalition/applications/confirm", new { token = new string('a', 43) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _gateway.PostAsJsonAsync("/api/coalition/applications/confirm", new { token = "short" })).StatusCode);
    }

    [Fact]
    public async Task A_bot_filling_the_hidden_field_is_told_the_same_and_nothing_is_stored()
    {
        var contact = Pledges.NewEmail("bot");
        var name = $"Bot Co {Guid.NewGuid():N}"[..16];
        var body = Application(name, contact);
        body["homepage"] = "http://spam.example";

        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync("/api/coalition/applications", body)).StatusCode);

        Assert.Equal(0, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE name = '{name}'"));
        Assert.Equal(0, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM mail_outbox WHERE to_address = '{contact}'"));
    }

    [Fact]
    public async Task One_contact_address_applying_again_and_again_is_refused_after_five_in_an_hour()
    {
        var contact = Pledges.NewEmail("flood");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _gateway.PostAsJsonAsync("/api/coalition/applications", Application($"Flood {i} {Guid.NewGuid():N}"[..20], contact))));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, await platform.ScalarAsync("coalitiondb", $"SELECT count(*) FROM organizations WHERE contact_email = '{contact}'"));
    }

    [Fact]
    public async Task The_moderation_queue_pages_and_says_how_many_wait()
    {
        await platform.ApplyAsync($"Paged One {Guid.NewGuid():N}"[..20]);
        await platform.ApplyAsync($"Paged Two {Guid.NewGuid():N}"[..20]);
        using var admin = platform.AdminClient();

        var first = await admin.GetAsync("/api/coalition/applications?page=1&pageSize=1");
        var second = await admin.GetAsync("/api/coalition/applications?page=2&pageSize=1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var total = long.Parse(first.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 2, $"X-Total-Count {total}");
        var one = Assert.Single((await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        var two = Assert.Single((await second.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.NotEqual(one.GetProperty("applicationId").GetGuid(), two.GetProperty("applicationId").GetGuid());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/coalition/applications?pageSize=0")).StatusCode);
    }

    private static Dictionary<string, object?> Application(string name, string contactEmail) => new()
    {
        ["name"] = name, ["kind"] = "company", ["website"] = "https://flexfriendly.example", ["country"] = "US",
        ["statement"] = "We support flexible work.", ["contactName"] = "Pat HR", ["contactEmail"] = contactEmail,
    };
}
