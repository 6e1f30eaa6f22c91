using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Coalition applications and approvals, through the gateway.</summary>
internal static class Members
{
    /// <summary>Applies through the gateway and confirms the contact address from the mail, as a contact would.</summary>
    public static async Task<Guid> ApplyAsync(this PlatformFixture platform, string name, string? contactEmail = null,
        string kind = "company", string country = "US", string statement = "We support flexible work for every employee.")
    {
        contactEmail ??= Pledges.NewEmail("hr");
        var response = await platform.Gateway.PostAsJsonAsync("/api/coalition/applications", new
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
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
        var token = await platform.LinkTokenForAsync(contactEmail, "coalition/apply/confirm");
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.PostAsJsonAsync("/api/coalition/applications/confirm", new { token })).StatusCode);
        return id;
    }

    public static async Task<Approval> ApproveNewMemberAsync(this PlatformFixture platform, string name)
    {
        var id = await platform.ApplyAsync(name);
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
