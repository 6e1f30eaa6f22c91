using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Invalid_pledge_gets_400_problem_details_naming_each_field_and_stores_nothing()
    {
        var before = await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters");
        var body = Pledges.Valid("not-an-email");
        body["country"] = "XX";
        body["region"] = "ZZ";
        body["personas"] = new[] { "astronaut" };
        body["why"] = new string('w', 501);
        body["firstName"] = "";
        body["referralCode"] = "<script>";

        var response = await _gateway.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "email", "country", "personas", "why", "firstName", "referralCode" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}'");
        }

        Assert.Equal(before, await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters"));
    }

    [Fact]
    public async Task Us_pledge_with_unknown_state_is_rejected_naming_region()
    {
        var body = Pledges.Valid(Pledges.NewEmail());
        body["region"] = "XY";

        var response = await _gateway.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("region", out _));
    }

    [Theory]
    [InlineData("{\"firstName\": 5")]
    [InlineData("{\"firstName\": \"Sara\", \"personas\": \"parent\"}")]
    [InlineData("not json at all")]
    public async Task Malformed_json_gets_400_problem_details_not_a_server_error(string json)
    {
        var before = await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters");

        var response = await _gateway.PostAsync("/api/pledges", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errors", out _));
        Assert.Equal(before, await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters"));
    }

    [Fact]
    public async Task Malformed_confirmation_token_gets_400_naming_token()
    {
        var response = await _gateway.ConfirmAsync("'; DROP TABLE supporters; --");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Invalid_coalition_application_gets_400_naming_fields()
    {
        var response = await _gateway.PostAsJsonAsync("/api/coalition/applications", new
        {
            name = "Acme",
            kind = "spaceship",
            website = "javascript:alert(1)",
            country = "usa",
            statement = "",
            contactName = "Ann",
            contactEmail = "ann",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "kind", "website", "country", "statement", "contactEmail" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}'");
        }
    }
}
