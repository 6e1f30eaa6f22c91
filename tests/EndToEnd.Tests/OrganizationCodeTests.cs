using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class OrganizationCodeTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Pledge_with_a_members_code_is_checked_with_coalition_and_counted_for_that_member()
    {
        const string name = "Codes Count Cooperative";
        var member = await platform.ApproveNewMemberAsync(name);
        var body = Pledges.Valid(Pledges.NewEmail("org"));
        body["organizationCode"] = member.Code;

        var supporter = await platform.ConfirmNewSupporterAsync(body);

        Assert.Equal(1, await PlatformFixture.EventuallyAsync(() => _gateway.MemberSupportersAsync(member.Slug, name), n => n == 1));
        Assert.Equal(1, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE id = '{supporter.SupporterId}' AND organization_id = '{member.ApplicationId}'"));

        (await _gateway.PostAsJsonAsync("/api/pledges/withdraw", new { token = supporter.ManageToken })).EnsureSuccessStatusCode();
        Assert.Equal(0, await PlatformFixture.EventuallyAsync(() => _gateway.MemberSupportersAsync(member.Slug, name), n => n == 0));
    }

    [Fact]
    public async Task A_removed_members_code_stops_taking_pledges_at_once()
    {
        var member = await platform.ApproveNewMemberAsync("Soon Gone Goods");
        var body = Pledges.Valid(Pledges.NewEmail("before-removal"));
        body["organizationCode"] = member.Code;
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SubmitAsync(body)).StatusCode); // Pledge now remembers the code
        using var admin = platform.AdminClient();

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/coalition/members/{member.Slug}/remove", null)).StatusCode);

        // Remembered answers last 5 minutes; the removal event must end them well before.
        var refused = await PlatformFixture.EventuallyAsync(async () =>
        {
            var late = Pledges.Valid(Pledges.NewEmail("after-removal"));
            late["organizationCode"] = member.Code;
            return (await _gateway.SubmitAsync(late)).StatusCode;
        }, status => status == HttpStatusCode.BadRequest, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
    }

    [Fact]
    public async Task Pledge_with_a_code_no_member_holds_gets_400_naming_organizationCode_and_stores_nothing()
    {
        var email = Pledges.NewEmail("badorg");
        var body = Pledges.Valid(email);
        body["organizationCode"] = "ZZZZ9999";

        var response = await _gateway.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("organizationCode", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await platform.ScalarAsync("pledgedb", $"SELECT count(*) FROM supporters WHERE email = '{email}'"));
    }
}
