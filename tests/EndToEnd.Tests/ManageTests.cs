using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ManageTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Manage_token_shows_the_supporters_own_pledge_without_the_email()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("manage"));

        var response = await _gateway.PostAsJsonAsync("/api/pledges/manage", new { token = supporter.ManageToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var pledge = JsonDocument.Parse(body).RootElement;
        Assert.Equal("confirmed", pledge.GetProperty("status").GetString());
        Assert.Equal("Sara", pledge.GetProperty("firstName").GetString());
        Assert.DoesNotContain(supporter.Email, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Withdrawing_drops_the_count_once_and_engagement_stops_crediting_the_referrer()
    {
        var referrer = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("referrer"));
        var friend = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("leaving"), referrer.ReferralCode);
        await PlatformFixture.EventuallyAsync(() => _gateway.ReferralsAsync(referrer.ReferralCode), n => n == 1);
        var before = await platform.Pledge.CountAsync();

        var first = await WithdrawAsync(friend.ManageToken);
        var second = await WithdrawAsync(friend.ManageToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(before - 1, await platform.Pledge.CountAsync());
        Assert.Equal(0, await PlatformFixture.EventuallyAsync(() => _gateway.ReferralsAsync(referrer.ReferralCode), n => n == 0));
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{friend.SupporterId}' AND withdrawn_at IS NOT NULL"));
    }

    [Fact]
    public async Task Erasing_removes_the_personal_data_and_the_count_stays_exact()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("erase"));
        var before = await platform.Pledge.CountAsync();

        var erased = await _gateway.PostAsJsonAsync("/api/pledges/erase", new { token = supporter.ManageToken });
        var again = await _gateway.PostAsJsonAsync("/api/pledges/erase", new { token = supporter.ManageToken });

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(before - 1, await platform.Pledge.CountAsync());
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' OR email = '{supporter.Email}'"));
        Assert.Empty(await platform.MailboxAsync(supporter.Email));
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{supporter.SupporterId}' AND withdrawn_at IS NOT NULL"),
            n => n == 1));
        await platform.AssertTotalsAgreeAsync();
    }

    [Fact]
    public async Task Withdrawing_a_pending_pledge_counts_nothing_and_publishes_nothing()
    {
        var email = Pledges.NewEmail("pending-withdraw");
        (await _gateway.SubmitAsync(Pledges.Valid(email))).EnsureSuccessStatusCode();
        var confirmToken = await platform.ConfirmationTokenForAsync(email);
        var before = await platform.Pledge.CountAsync();

        var withdrawn = await WithdrawAsync(await platform.ManageTokenForAsync(email));
        var confirmAfterwards = await _gateway.ConfirmAsync(confirmToken);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confirmAfterwards.StatusCode);
        Assert.Equal(before, await platform.Pledge.CountAsync());
        await platform.AssertTotalsAgreeAsync();
    }

    [Theory]
    [InlineData("/api/pledges/manage")]
    [InlineData("/api/pledges/withdraw")]
    [InlineData("/api/pledges/erase")]
    public async Task Malformed_token_gets_400_and_unknown_token_gets_404(string route)
    {
        var malformed = await _gateway.PostAsJsonAsync(route, new { token = "not-a-token" });
        var unknown = await _gateway.PostAsJsonAsync(route, new { token = "ZACL7xZoznFyLCFr10tKh-2fvPfRkwAWh0z-PdBdGWX" });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("token", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> WithdrawAsync(string token) => _gateway.PostAsJsonAsync("/api/pledges/withdraw", new { token });
}
