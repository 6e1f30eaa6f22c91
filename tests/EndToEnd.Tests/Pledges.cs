using System.Net.Http.Json;

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

    public static async Task<long> CountAsync(this HttpClient gateway)
    {
        // Public reads are output-cached for a second at the gateway; ask past the cache.
        var count = await gateway.GetFromJsonAsync<CountBody>($"/api/pledges/count?fresh={Guid.NewGuid():N}");
        return count!.Total;
    }

    public sealed record CountBody(long Total, long Goal);

    public sealed record ConfirmBody(Guid SupporterId, string ReferralCode);
}
