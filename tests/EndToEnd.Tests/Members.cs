using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Coalition applications and approvals, through the gateway.</summary>
internal static class Members
{
    public static async Task<Guid> ApplyAsync(this HttpClient gateway, string name, string contactEmail = "hr@flexfriendly.example",
        string kind = "company", string country = "US", string statement = "We support flexible work for every employee.")
    {
        var response = await gateway.PostAsJsonAsync("/api/coalition/applications", new
        {
            name,
            kind,
            website = "https://flexfriendly.example",
            country,
            statement,
            contactName = "Pat HR",
            contactEmail,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
    }

    public static async Task<Approval> ApproveNewMemberAsync(this PlatformFixture platform, string name)
    {
        var id = await platform.Gateway.ApplyAsync(name);
        using var admin = platform.AdminClient();
        var approved = await admin.PostAsync($"/api/coalition/applications/{id}/approve", null);
        approved.EnsureSuccessStatusCode();
        return (await approved.Content.ReadFromJsonAsync<Approval>())!;
    }

    public static async Task<long> MemberSupportersAsync(this HttpClient gateway, string slug, string name)
    {
        var members = await gateway.GetFromJsonAsync<JsonElement>($"/api/coalition/members?q={Uri.EscapeDataString(name)}");
        return members.EnumerateArray().Single(m => m.GetProperty("slug").GetString() == slug).GetProperty("supporters").GetInt64();
    }

    public sealed record Approval(Guid ApplicationId, string Slug, string Code);
}
