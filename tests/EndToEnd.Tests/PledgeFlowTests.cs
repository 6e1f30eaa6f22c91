using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PledgeFlowTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Pledge_confirmed_from_the_dev_mailbox_moves_the_count_by_exactly_one()
    {
        var before = await platform.Pledge.CountAsync();
        var email = Pledges.NewEmail();

        var submitted = await _gateway.SubmitAsync(Pledges.Valid(email));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal("pending", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(before, await platform.Pledge.CountAsync());

        var confirmed = await _gateway.ConfirmAsync(await platform.ConfirmationTokenForAsync(email));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(before + 1, await platform.Pledge.CountAsync());
    }

    [Fact]
    public async Task Confirmed_pledge_with_a_referral_code_credits_the_referrer_in_engagement()
    {
        var referrer = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("referrer"));
        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("friend"), referrer.ReferralCode);

        var credited = await PlatformFixture.EventuallyAsync(
            () => _gateway.ReferralsAsync(referrer.ReferralCode), n => n == 1);

        Assert.Equal(1, credited);
    }

    [Fact]
    public async Task Repeated_pledge_with_same_email_is_counted_once()
    {
        var email = Pledges.NewEmail("twice");
        var before = await platform.Pledge.CountAsync();

        var first = await _gateway.SubmitAsync(Pledges.Valid(email));
        var second = await _gateway.SubmitAsync(Pledges.Valid(email.ToUpperInvariant()));

        // The same answer either way: nothing reveals that the email was known.
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email_normalized = '{email}'"));

        await _gateway.ConfirmAsync(await platform.ConfirmationTokenForAsync(email));
        await _gateway.SubmitAsync(Pledges.Valid(email));
        Assert.Equal(before + 1, await platform.Pledge.CountAsync());
    }

    [Fact]
    public async Task Confirming_twice_gives_the_same_answer_and_counts_once()
    {
        var email = Pledges.NewEmail("confirm-twice");
        await _gateway.SubmitAsync(Pledges.Valid(email));
        var token = await platform.ConfirmationTokenForAsync(email);
        var before = await platform.Pledge.CountAsync();

        var first = await _gateway.ConfirmAsync(token);
        var second = await _gateway.ConfirmAsync(token);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await platform.Pledge.CountAsync());
        var supporterId = (await first.Content.ReadFromJsonAsync<Pledges.ConfirmBody>())!.SupporterId;
        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM confirmed_supporters WHERE supporter_id = '{supporterId}'"),
            n => n == 1));
    }

    [Fact]
    public async Task Public_total_equals_confirmed_supporters_in_the_database()
    {
        await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("exact"));

        await platform.AssertTotalsAgreeAsync();
    }

    [Theory]
    [InlineData("/confirm")]
    [InlineData("/manage")]
    public async Task Opening_a_mailed_link_shows_a_page_that_changes_nothing_until_its_button_posts(string page)
    {
        var email = Pledges.NewEmail("scanned");
        (await _gateway.SubmitAsync(Pledges.Valid(email))).EnsureSuccessStatusCode();
        var link = page == "/confirm" ? await platform.ConfirmationTokenForAsync(email) : await platform.ManageTokenForAsync(email);

        // What a mail scanner does: follow the link.
        var response = await _gateway.GetAsync($"{page}?token={link}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("method=\"post\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}' AND status = 'pending'"));
    }

    [Fact]
    public async Task Unknown_confirmation_token_gets_404_problem_details()
    {
        var response = await _gateway.ConfirmAsync("ZACL7xZoznFyLCFr10tKh-2fvPfRkwAWh0z-PdBdGWX");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Public_responses_never_contain_the_email()
    {
        var email = Pledges.NewEmail("private");
        var submitted = await _gateway.SubmitAsync(Pledges.Valid(email));
        var confirmed = await _gateway.ConfirmAsync(await platform.ConfirmationTokenForAsync(email));
        var count = await _gateway.GetStringAsync("/api/pledges/count");

        foreach (var body in new[] { await submitted.Content.ReadAsStringAsync(), await confirmed.Content.ReadAsStringAsync(), count })
        {
            Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
