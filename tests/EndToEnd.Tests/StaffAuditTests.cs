using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Every staff write is in its service's audit log under the member of staff who made it; admins read it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StaffAuditTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_moderators_decision_is_audited_with_who_what_which_object_and_the_answer_and_a_refused_call_is_not()
    {
        var moderator = $"mod.{Guid.NewGuid():N}@example.org";
        var application = await platform.ApplyAsync("Audited Widgets Ltd");
        var missing = Guid.NewGuid();
        using var asModerator = Client(platform.Tokens.CreateStaff(moderator, "moderator"));
        using var asEditor = Client(platform.Tokens.CreateStaff(moderator, "editor"));

        Assert.Equal(HttpStatusCode.OK, (await asModerator.PostAsync($"/api/coalition/applications/{application}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asModerator.PostAsync($"/api/coalition/applications/{missing}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asModerator.GetAsync("/api/coalition/applications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asEditor.PostAsync($"/api/coalition/applications/{application}/reject", JsonContent.Create(new { reason = "No." }))).StatusCode);

        using var admin = platform.AdminClient();
        var entries = await admin.GetFromJsonAsync<JsonElement>($"/api/coalition/audit?staff={Uri.EscapeDataString(moderator)}");
        Assert.Equal(2, entries.GetArrayLength()); // the read and the refused call are not writes made
        var newest = entries[0];
        Assert.Equal(moderator, newest.GetProperty("staff").GetString());
        Assert.Equal("moderator", newest.GetProperty("role").GetString());
        Assert.Equal("POST /api/coalition/applications/{id:guid}/approve", newest.GetProperty("route").GetString());
        Assert.Equal($"id={missing}", newest.GetProperty("target").GetString());
        Assert.Equal(404, newest.GetProperty("status").GetInt32());
        var approved = entries[1];
        Assert.Equal("Approve an application: the organization becomes a member", approved.GetProperty("action").GetString());
        Assert.Equal($"id={application}", approved.GetProperty("target").GetString());
        Assert.Equal(200, approved.GetProperty("status").GetInt32());

        // Words find it too; other services' logs hold nothing of it.
        var byWords = await admin.GetFromJsonAsync<JsonElement>($"/api/coalition/audit?q={application}");
        Assert.Equal(1, byWords.GetArrayLength());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/content/audit?staff={Uri.EscapeDataString(moderator)}")).GetArrayLength());
    }

    [Fact]
    public async Task The_audit_log_is_for_admins_and_bad_filters_are_a_400()
    {
        using var moderator = Client(platform.Tokens.Create("moderator"));
        using var admin = platform.AdminClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/api/content/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Gateway.GetAsync("/api/engagement/audit")).StatusCode);
        var bad = await admin.GetAsync($"/api/pledges/audit?pageSize=0&q={new string('x', 201)}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = platform.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
