using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Comments: verified by mail, published at once or held by score, hidden by three reporters.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CommentTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Three_confirmed_reporters_hide_a_comment_until_a_moderator_decides()
    {
        var post = await platform.PublishNewPostAsync("Comment on me.");
        var body = $"Flexible hours changed my life {Guid.NewGuid():N}";
        Assert.Equal("published", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("commenter"), body));
        var comment = await CommentOnAsync(post, body, present: true);
        var id = comment!.Value.GetProperty("id").GetGuid();
        using var service = platform.AdminClientFor("content");

        var reporter = Pledges.NewEmail("reporter");
        for (var i = 0; i < 3; i++)
        {
            // The same person reporting again is one report, and one mail.
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/comments/{id}/reports", new { reason = "spam", email = reporter })).StatusCode);
        }

        await ConfirmReportAsync(reporter);
        // Nothing more is queued for them: the repeats sent no second link.
        await PlatformFixture.EventuallyAsync(() => platform.ScalarAsync("contentdb", $"SELECT count(*) FROM mail_outbox WHERE to_address = '{reporter}'"), n => n == 0);
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM dev_mail WHERE to_address = '{reporter}'"));
        var second = Pledges.NewEmail("reporter");
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/comments/{id}/reports", new { reason = "offensive", email = second })).StatusCode);
        await ConfirmReportAsync(second);
        var third = Pledges.NewEmail("reporter");
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/comments/{id}/reports", new { reason = "off-topic", email = third })).StatusCode);
        // Two confirmed: still shown. The third counts once confirmed.
        Assert.Contains(body, await service.GetStringAsync($"/api/content/posts/{post}/comments"), StringComparison.Ordinal);
        await ConfirmReportAsync(third);

        Assert.DoesNotContain(body, await service.GetStringAsync($"/api/content/posts/{post}/comments"), StringComparison.Ordinal);
        // A reporter is stored as a keyed hash: the bare SHA-256 of their address, which anyone can recompute, is not there.
        var bare = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("email:" + reporter)))[..32];
        Assert.Equal(3, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comment_reports WHERE comment_id = '{id}' AND length(reporter_hash) = 32"));
        Assert.Equal(0, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comment_reports WHERE reporter_hash = '{bare}'"));
        var item = (await platform.QueueItemAsync(body))!.Value;
        Assert.Equal("hidden", item.GetProperty("status").GetString());
        Assert.Equal(3, item.GetProperty("reports").GetInt64());

        using var admin = platform.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/content/moderation/{id}/approve", null)).StatusCode);
        Assert.Contains(body, await service.GetStringAsync($"/api/content/posts/{post}/comments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spammy_comment_is_held_for_review_and_hostile_markup_is_escaped()
    {
        var post = await platform.PublishNewPostAsync("Comment on me too.");
        var spam = $"Click here https://spam.example/{Guid.NewGuid():N} buy now";
        Assert.Equal("in-review", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("spamcommenter"), spam));
        Assert.Null(await CommentOnAsync(post, spam, present: false));

        var hostile = $"<script>alert(1)</script><img src=x onerror=alert(2)> {Guid.NewGuid():N}";
        Assert.Equal("published", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("hostile"), hostile));
        var html = (await CommentsAsync(post)).EnumerateArray().Select(c => c.GetProperty("html").GetString()!).Single(h => h.Contains("alert(1)", StringComparison.Ordinal));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Report_with_an_unknown_reason_is_a_400_and_a_comment_on_an_unknown_post_is_a_404()
    {
        var report = await _gateway.PostAsJsonAsync($"/api/content/comments/{Guid.NewGuid()}/reports", new { reason = "boring" });
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Contains("reason", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var comment = await _gateway.PostAsJsonAsync("/api/content/posts/no-such-post/comments", new { displayName = "Sam", email = Pledges.NewEmail(), body = "Hi" });
        Assert.Equal(HttpStatusCode.NotFound, comment.StatusCode);
    }

    [Fact]
    public async Task Reports_without_a_confirmed_address_hide_nothing()
    {
        var post = await platform.PublishNewPostAsync("Report me with made-up addresses.");
        var body = $"Results over hours {Guid.NewGuid():N}";
        Assert.Equal("published", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("commenter"), body));
        var id = (await CommentOnAsync(post, body, present: true))!.Value.GetProperty("id").GetGuid();

        // Three made-up addresses from one client, never confirmed, and three anonymous reports from three clients.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/comments/{id}/reports", new { reason = "spam", email = Pledges.NewEmail("madeup") })).StatusCode);
        }

        using var proxy = platform.GatewayFrom(PlatformFixture.TrustedProxyAddress);
        foreach (var client in new[] { "203.0.113.10", "203.0.113.11", "203.0.113.12" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/content/comments/{id}/reports") { Content = JsonContent.Create(new { reason = "offensive" }) };
            request.Headers.Add("X-Forwarded-For", client);
            Assert.Equal(HttpStatusCode.Accepted, (await proxy.SendAsync(request)).StatusCode);
        }

        Assert.Equal(6, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comment_reports WHERE comment_id = '{id}'"));
        Assert.Equal(0, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comment_reports WHERE comment_id = '{id}' AND verified_at IS NOT NULL"));
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comments WHERE id = '{id}' AND status = 'published'"));
        Assert.Contains(body, await platform.AdminClientFor("content").GetStringAsync($"/api/content/posts/{post}/comments"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.PostAsJsonAsync("/api/content/comments/reports/confirm", new { token = new string('a', 43) })).StatusCode);
    }

    /// <summary>The reporter's link from their mail, used through the gateway; using it again answers the same.</summary>
    private async Task ConfirmReportAsync(string reporter)
    {
        var token = await platform.LinkTokenForAsync(reporter, "report");
        var confirmed = await _gateway.PostAsJsonAsync("/api/content/comments/reports/confirm", new { token });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(await confirmed.Content.ReadAsStringAsync(), await (await _gateway.PostAsJsonAsync("/api/content/comments/reports/confirm", new { token })).Content.ReadAsStringAsync());
    }

    private Task<JsonElement> CommentsAsync(string post) =>
        platform.AdminClientFor("content").GetFromJsonAsync<JsonElement>($"/api/content/posts/{post}/comments");

    [Fact]
    public async Task A_rejected_comment_cannot_be_approved_and_keeps_its_reports()
    {
        var post = await platform.PublishNewPostAsync("Reject me.");
        var body = $"Flexible Fridays work {Guid.NewGuid():N}";
        Assert.Equal("published", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("commenter"), body));
        var id = (await CommentOnAsync(post, body, present: true))!.Value.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/comments/{id}/reports", new { reason = "spam", email = Pledges.NewEmail("reporter") })).StatusCode);
        using var admin = platform.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/content/moderation/{id}/reject", null)).StatusCode);

        var approved = await admin.PostAsync($"/api/content/moderation/{id}/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, approved.StatusCode);
        Assert.Equal("application/problem+json", approved.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comments WHERE id = '{id}' AND status = 'rejected'"));
        Assert.Equal(1, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comment_reports WHERE comment_id = '{id}'"));
    }

    [Fact]
    public async Task A_deleted_comment_goes_with_its_reports_and_deleting_it_again_finds_nothing()
    {
        var post = await platform.PublishNewPostAsync("Delete me.");
        var body = $"Remote Mondays suit us {Guid.NewGuid():N}";
        Assert.Equal("published", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("commenter"), body));
        var id = (await CommentOnAsync(post, body, present: true))!.Value.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/content/comments/{id}/reports", new { reason = "offensive", email = Pledges.NewEmail("reporter") })).StatusCode);
        using var moderator = platform.StaffClient("moderator");

        var deleted = await moderator.DeleteAsync($"/api/content/moderation/{id}");
        var again = await moderator.DeleteAsync($"/api/content/moderation/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comments WHERE id = '{id}'"));
        Assert.Equal(0, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM comment_reports WHERE comment_id = '{id}'"));
        Assert.DoesNotContain(body, await platform.AdminClientFor("content").GetStringAsync($"/api/content/posts/{post}/comments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_comes_a_page_at_a_time_oldest_first_with_its_total_and_refuses_a_bad_page()
    {
        var post = await platform.PublishNewPostAsync("Queue me.");
        foreach (var i in Enumerable.Range(1, 3))
        {
            var body = $"Held {i}: click here https://spam.example/{Guid.NewGuid():N} buy now";
            Assert.Equal("in-review", await platform.CommentAndVerifyAsync(post, Pledges.NewEmail("held"), body));
        }

        using var moderator = platform.StaffClient("moderator");
        var first = await moderator.GetAsync("/api/content/moderation?page=1&pageSize=2");
        var second = await moderator.GetAsync("/api/content/moderation?page=2&pageSize=2");
        var tooBig = await moderator.GetAsync("/api/content/moderation?pageSize=101");
        var zero = await moderator.GetAsync("/api/content/moderation?page=0");

        var total = long.Parse(first.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 3, $"{total} held");
        var pages = (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Concat((await second.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()).ToList();
        Assert.Equal((int)Math.Min(total, 4), pages.Count);
        Assert.Equal(pages.Count, pages.Select(i => i.GetProperty("id").GetGuid()).Distinct().Count());
        var submitted = pages.Select(i => i.GetProperty("submittedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(submitted.Order(), submitted);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("pageSize", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement?> CommentOnAsync(string post, string body, bool present)
    {
        var comments = await PlatformFixture.EventuallyAsync(
            () => _gateway.GetFromJsonAsync<JsonElement>($"/api/content/posts/{post}/comments"),
            l => l.EnumerateArray().Any(c => c.GetProperty("html").GetString()!.Contains(body, StringComparison.Ordinal)) == present,
            present ? null : TimeSpan.FromSeconds(2));
        return comments.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(c => c!.Value.GetProperty("html").GetString()!.Contains(body, StringComparison.Ordinal));
    }
}
