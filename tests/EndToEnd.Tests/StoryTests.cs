using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Supporter stories: verified by mail, scored, moderated, listed as "Sara S.".</summary>
[Collection(PlatformCollection.Name)]
public sealed class StoryTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Story_goes_verified_then_in_review_then_approved_then_listed_as_Sara_S()
    {
        var email = Pledges.NewEmail("storyteller");
        var title = $"Home for dinner {Guid.NewGuid():N}"[..28];
        var status = await platform.SubmitAndVerifyStoryAsync(Posts.Story(email, title, "Since my team moved to flexible hours I have dinner with my kids every night."));

        Assert.Equal("in-review", status);
        var item = (await platform.QueueItemAsync(title))!.Value;
        Assert.Equal("story", item.GetProperty("type").GetString());
        Assert.Equal("in-review", item.GetProperty("status").GetString());
        Assert.True(item.GetProperty("spamScore").GetInt32() < 5);
        Assert.Contains(item.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("supporter", StringComparison.Ordinal));
        Assert.DoesNotContain(email, item.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(title, await platform.AdminClientFor("content").GetStringAsync("/api/content/stories"), StringComparison.Ordinal);

        using var admin = platform.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/content/moderation/{item.GetProperty("id").GetGuid()}/approve", null)).StatusCode);

        var stories = await PlatformFixture.EventuallyAsync(
            () => _gateway.GetFromJsonAsync<JsonElement>("/api/content/stories"),
            l => l.EnumerateArray().Any(s => s.GetProperty("title").GetString() == title));
        var story = stories.EnumerateArray().Single(s => s.GetProperty("title").GetString() == title);
        Assert.Equal("Sara S.", story.GetProperty("authorDisplayName").GetString());
        Assert.Equal("CO, US", story.GetProperty("place").GetString());
        Assert.DoesNotContain(email, stories.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Smith", stories.GetRawText(), StringComparison.Ordinal);
        var page = await _gateway.GetFromJsonAsync<JsonElement>($"/api/content/stories/{story.GetProperty("slug").GetString()}");
        Assert.Contains("dinner with my kids", page.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirmed_supporter_gets_credit_in_the_score_asked_of_pledge_over_grpc()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("storysupporter"));
        var title = $"Supporter story {Guid.NewGuid():N}"[..30];

        await platform.SubmitAndVerifyStoryAsync(Posts.Story(supporter.Email.ToUpperInvariant(), title, "Job sharing let me care for my father."));

        var item = (await platform.QueueItemAsync(title))!.Value;
        Assert.Contains(item.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("a confirmed supporter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spammy_story_is_held_as_spam_with_its_reasons_and_never_listed()
    {
        var title = $"Great offer {Guid.NewGuid():N}"[..26];
        var status = await platform.SubmitAndVerifyStoryAsync(Posts.Story(Pledges.NewEmail("spammer"), title,
            "CLICK HERE to earn $500 a day working from home!!!!!!!!!! https://spam.example/a https://spam.example/b BUY NOW"));

        Assert.Equal("in-review", status);
        var item = (await platform.QueueItemAsync(title))!.Value;
        Assert.Equal("spam", item.GetProperty("status").GetString());
        Assert.True(item.GetProperty("spamScore").GetInt32() >= 5);
        var reasons = item.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("2 links", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("known spam phrase \"click here\"", StringComparison.Ordinal));
        Assert.DoesNotContain(title, await platform.AdminClientFor("content").GetStringAsync("/api/content/stories"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Story_without_consent_to_publish_is_a_400_and_nothing_is_mailed()
    {
        var email = Pledges.NewEmail("noconsent");
        var story = Posts.Story(email, "No consent", "Text.");
        story["consentToPublish"] = false;

        var response = await _gateway.PostAsJsonAsync("/api/content/stories", story);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("consentToPublish", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await platform.MailboxAsync(email));
    }

    [Fact]
    public async Task Unknown_story_token_is_a_404()
    {
        var response = await _gateway.PostAsJsonAsync("/api/content/stories/confirm", new { token = new string('A', 43) });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
