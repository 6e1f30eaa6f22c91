using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class AbuseTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Honeypot_pledge_gets_the_usual_answer_and_stores_and_mails_nothing()
    {
        var email = Pledges.NewEmail("bot");
        var body = Pledges.Valid(email);
        body["website"] = "http://spam.example";

        var response = await _gateway.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));
        // Mail is queued in the pledge's own transaction: none queued, none sent.
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT (SELECT count(*) FROM mail_outbox WHERE to_address = '{email}') + (SELECT count(*) FROM dev_mail WHERE to_address = '{email}')"));
    }

    [Fact]
    public async Task Too_many_pledges_for_one_email_get_429_problem_details_however_it_is_spelled()
    {
        var email = Pledges.NewEmail("flood");
        var spellings = new[] { email, email.ToUpperInvariant(), email, email, email };
        foreach (var spelling in spellings)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SubmitAsync(Pledges.Valid(spelling))).StatusCode);
        }

        var refused = await _gateway.SubmitAsync(Pledges.Valid(email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email_normalized = '{email}'"));
    }

    [Fact]
    public async Task Oversized_pledge_body_gets_413_and_stores_nothing()
    {
        var email = Pledges.NewEmail("huge");
        var body = Pledges.Valid(email);
        body["why"] = new string('x', 20_000);

        var response = await _gateway.PostAsJsonAsync("/api/pledges", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));
    }
}
