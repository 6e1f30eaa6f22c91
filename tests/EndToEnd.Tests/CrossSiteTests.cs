using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Another site cannot make a visitor's browser pledge, sign or RSVP: its writes are refused, the site's own and the API's allowed origins pass.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CrossSiteTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData(null, "cross-site")]
    [InlineData("https://evil.example", "same-site")]
    public async Task A_write_sent_from_another_site_is_refused_and_stores_nothing(string? origin, string? fetchSite)
    {
        var jsonEmail = Pledges.NewEmail("crosssite-json");
        var formEmail = Pledges.NewEmail("crosssite-form");

        var json = await SendAsync(origin, fetchSite, new HttpRequestMessage(HttpMethod.Post, "/api/pledges") { Content = JsonContent.Create(Pledges.Valid(jsonEmail)) });
        var form = await SendAsync(origin, fetchSite, new HttpRequestMessage(HttpMethod.Post, "/join") { Content = JoinForm(formEmail) });

        Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email IN ('{jsonEmail}', '{formEmail}')"));
    }

    [Fact]
    public async Task Writes_from_the_site_itself_an_allowed_origin_or_no_browser_pass()
    {
        var own = _gateway.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var emails = Enumerable.Range(0, 4).Select(i => Pledges.NewEmail($"samesite{i}")).ToArray();

        var sameOriginForm = await SendAsync(own, "same-origin", new HttpRequestMessage(HttpMethod.Post, "/join") { Content = JoinForm(emails[0]) });
        var sameOriginJson = await SendAsync(own, null, new HttpRequestMessage(HttpMethod.Post, "/api/pledges") { Content = JsonContent.Create(Pledges.Valid(emails[1])) });
        var allowedApp = await SendAsync(PlatformFixture.AllowedOrigin, "cross-site", new HttpRequestMessage(HttpMethod.Post, "/api/pledges") { Content = JsonContent.Create(Pledges.Valid(emails[2])) });
        var notABrowser = await SendAsync(null, null, new HttpRequestMessage(HttpMethod.Post, "/api/pledges") { Content = JsonContent.Create(Pledges.Valid(emails[3])) });

        Assert.True(sameOriginForm.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"{sameOriginForm.StatusCode}");
        Assert.Equal(HttpStatusCode.Accepted, sameOriginJson.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, allowedApp.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, notABrowser.StatusCode);
        Assert.Equal(4, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email IN ({string.Join(',', emails.Select(e => $"'{e}'"))})"));
    }

    private async Task<HttpResponseMessage> SendAsync(string? origin, string? fetchSite, HttpRequestMessage request)
    {
        using (request)
        {
            if (origin is not null)
            {
                request.Headers.TryAddWithoutValidation("Origin", origin);
            }

            if (fetchSite is not null)
            {
                request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
            }

            using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _gateway.BaseAddress };
            var response = await noRedirects.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
    }

    private static FormUrlEncodedContent JoinForm(string email) => new(new Dictionary<string, string>
    {
        ["FirstName"] = "Cross", ["LastName"] = "Site", ["Email"] = email, ["Country"] = "US",
    });
}
