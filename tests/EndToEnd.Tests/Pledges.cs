using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Builders for request bodies, each with a unique email.</summary>
internal static class Pledges
{
    public static string NewEmail(string name = "supporter") => $"{name}.{Guid.NewGuid():N}@example.org";

    public static Dictionary<string, object?> Valid(string email, string? referralCode = null) => new()
    {
        ["firstName"] = "Sara",
        ["lastName"] = "Smith",
        ["email"] = email,
        ["country"] = "US",
        ["region"] = "CO",
        ["postalCode"] = "80302",
        ["personas"] = new[] { "parent", "freelancer" },
        ["flexibility"] = new[] { "telecommuting", "compressed-workweek" },
        ["why"] = "So I can be there for my kids and do great work.",
        ["consentToUpdates"] = true,
        ["listPublicly"] = true,
        ["referralCode"] = referralCode,
    };

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient gateway, object body) =>
        gateway.PostAsJsonAsync("/api/pledges", body);

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient gateway, string token) =>
        gateway.PostAsJsonAsync("/api/pledges/confirm", new { token });

    /// <summary>
    /// The public count from <paramref name="client"/>. The gateway caches it for a second (and no
    /// query string gets past that), so exact before/after snapshots ask the Pledge service itself.
    /// </summary>
    public static async Task<long> CountAsync(this HttpClient client)
    {
        var count = await client.GetFromJsonAsync<CountBody>("/api/pledges/count");
        return count!.Total;
    }

    /// <summary>Pledges and confirms through the gateway, as a supporter would from their mail.</summary>
    public static async Task<Supporter> ConfirmNewSupporterAsync(this PlatformFixture platform, Dictionary<string, object?> body)
    {
        var email = (string)body["email"]!;
        var submitted = await platform.Gateway.SubmitAsync(body);
        submitted.EnsureSuccessStatusCode();
        var manageToken = await platform.ManageTokenForAsync(email);
        var confirmed = await platform.Gateway.ConfirmAsync(await platform.ConfirmationTokenForAsync(email));
        confirmed.EnsureSuccessStatusCode();
        var ids = (await confirmed.Content.ReadFromJsonAsync<ConfirmBody>())!;
        return new Supporter(email, ids.SupporterId, ids.ReferralCode, manageToken);
    }

    public static Task<Supporter> ConfirmNewSupporterAsync(this PlatformFixture platform, string email, string? referralCode = null) =>
        platform.ConfirmNewSupporterAsync(Valid(email, referralCode));

    public static async Task<long> ReferralsAsync(this HttpClient gateway, string code)
    {
        var body = await gateway.GetFromJsonAsync<JsonElement>($"/api/engagement/referrals/{code}");
        return body.GetProperty("confirmedReferrals").GetInt64();
    }

    /// <summary>Public total == confirmed rows in Pledge == supporters Engagement counts, once quiet.</summary>
    public static async Task AssertTotalsAgreeAsync(this PlatformFixture platform, TimeSpan? timeout = null)
    {
        var inPledge = await platform.ScalarAsync("pledgedb", "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
        Assert.Equal(inPledge, await PlatformFixture.EventuallyAsync(platform.Gateway.CountAsync, n => n == inPledge, timeout));
        Assert.Equal(inPledge, await PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync("engagementdb", "SELECT count(*) FROM confirmed_supporters WHERE withdrawn_at IS NULL"), n => n == inPledge, timeout));
    }

    public sealed record Supporter(string Email, Guid SupporterId, string ReferralCode, string ManageToken);

    public sealed record CountBody(long Total, long Goal);

    public sealed record ConfirmBody(Guid SupporterId, string ReferralCode);
}
