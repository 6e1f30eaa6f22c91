using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Content writes news drafts for editors when other services announce something; never published by itself.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NewsDraftTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_milestone_produces_one_draft_even_when_announced_twice()
    {
        var threshold = Random.Shared.NextInt64(2_000_000, 9_000_000);
        var milestone = new { threshold, total = threshold + 3, reachedAt = DateTimeOffset.UtcNow };

        var first = await platform.PublishAsync("engagementdb", "Engagement.MilestoneReached", milestone);
        Assert.Equal(1, await platform.HandledAsync("contentdb", first, "MilestoneReachedConsumer"));
        var again = await platform.PublishAsync("engagementdb", "Engagement.MilestoneReached", milestone);
        Assert.Equal(1, await platform.HandledAsync("contentdb", again, "MilestoneReachedConsumer"));

        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM posts WHERE slug = 'milestone-{threshold}'"));
        var draft = await platform.AdminClientFor("content").GetFromJsonAsync<JsonElement>($"/api/content/posts/milestone-{threshold}/draft");
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Gateway.GetAsync($"/api/content/posts/milestone-{threshold}")).StatusCode);
    }

    [Fact]
    public async Task An_approved_member_and_an_advancing_bill_each_produce_a_draft()
    {
        var member = await platform.ApproveNewMemberAsync($"Newsworthy {Guid.NewGuid():N}"[..22]);
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("contentdb", $"SELECT count(*) FROM posts WHERE slug = 'new-member-{member.Slug}' AND status = 'draft'"), n => n == 1));

        var bill = $"flex-act-{Guid.NewGuid():N}"[..21];
        var id = await platform.PublishAsync("engagementdb", "Engagement.LegislationAdvanced", new
        {
            legislationId = Guid.NewGuid(), slug = bill, title = "Flexible Work Act", jurisdiction = "US-CA", stage = "passed-one-chamber", advancedAt = DateTimeOffset.UtcNow,
        });
        Assert.Equal(1, await platform.HandledAsync("contentdb", id, "LegislationAdvancedConsumer"));
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM posts WHERE slug = 'legislation-{bill}-passed-one-chamber' AND status = 'draft'"));
    }

    [Fact]
    public async Task A_petition_reaching_its_goal_produces_one_draft()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Drafted goal", goal: 2));
        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("drafted1")));
        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("drafted2")));

        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("contentdb", $"SELECT count(*) FROM posts WHERE slug = 'petition-{slug}-goal' AND status = 'draft'"), n => n == 1));
        var draft = await platform.AdminClientFor("content").GetFromJsonAsync<JsonElement>($"/api/content/posts/petition-{slug}-goal/draft");
        Assert.Contains("2 signatures reached", draft.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
