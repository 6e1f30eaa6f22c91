using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PrivacyTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task No_email_or_token_appears_in_any_log_line_or_public_response()
    {
        var email = Pledges.NewEmail("secret");
        var supporter = await platform.ConfirmNewSupporterAsync(email);
        var invalid = Pledges.Valid(Pledges.NewEmail("secret-invalid"));
        invalid["country"] = "XX";
        var secrets = new[] { email, supporter.ManageToken, (string)invalid["email"]! };
        var responses = new List<string>
        {
            await (await _gateway.SubmitAsync(invalid)).Content.ReadAsStringAsync(),
            await (await _gateway.SubmitAsync(Pledges.Valid(email))).Content.ReadAsStringAsync(),
            await (await _gateway.PostAsJsonAsync("/api/pledges/manage", new { token = supporter.ManageToken })).Content.ReadAsStringAsync(),
            await _gateway.GetStringAsync($"/api/pledges/recent"),
            await _gateway.GetStringAsync($"/api/pledges/stats"),
            await _gateway.GetStringAsync($"/api/pledges/count"),
        };
        responses.Add(await (await _gateway.PostAsJsonAsync("/api/pledges/withdraw", new { token = supporter.ManageToken })).Content.ReadAsStringAsync());
        await platform.AssertTotalsAgreeAsync();

        Assert.Contains(platform.LogLines, line => line.StartsWith("pledge", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(platform.LogLines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(responses, body => body.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
