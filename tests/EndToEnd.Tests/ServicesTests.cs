using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ServicesTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("pledge")]
    [InlineData("coalition")]
    [InlineData("content")]
    [InlineData("engagement")]
    [InlineData("gateway")]
    public async Task Service_reports_healthy_with_its_dependencies(string name)
    {
        using var http = new HttpClient();
        var health = JsonDocument.Parse(await http.GetStringAsync($"{platform.ServiceUrl(name)}/health")).RootElement;

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public void No_process_reads_a_table_before_its_service_has_created_it()
    {
        // Every service started on empty databases. The web client's cookie keys used to be read by ASP.NET Core's own
        // hosted service before the migrations made their table: an error at every fresh start of every replica.
        Assert.Contains(platform.LinesOf("web"), line => line.Contains("Applied migration", StringComparison.Ordinal));
        var missing = platform.LogLines.Where(line => line.Contains("42P01", StringComparison.Ordinal)
            || (line.Contains("relation \"", StringComparison.Ordinal) && line.Contains("does not exist", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing.Take(5)));
    }

    [Fact]
    public async Task Pledge_grpc_serves_the_same_total_as_the_public_count()
    {
        using var channel = platform.ServiceChannel("pledge");
        var client = new Supporters.SupportersClient(channel);

        var counts = await client.GetCountsAsync(new GetCountsRequest());

        Assert.Equal(1_000_000, counts.Goal);
        Assert.Equal(await platform.Pledge.CountAsync(), counts.Total);
    }

    [Fact]
    public async Task Pledge_grpc_verifies_supporters_and_gives_only_listed_ones_a_public_profile()
    {
        var listed = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("profile"));
        var hiddenBody = Pledges.Valid(Pledges.NewEmail("no-profile"));
        hiddenBody["listPublicly"] = false;
        var hidden = await platform.ConfirmNewSupporterAsync(hiddenBody);
        using var channel = platform.ServiceChannel("pledge");
        var client = new Supporters.SupportersClient(channel);

        var verified = await client.VerifySupporterAsync(new VerifySupporterRequest { SupporterId = hidden.SupporterId.ToString() });
        var profile = await client.GetProfileAsync(new GetProfileRequest { SupporterId = listed.SupporterId.ToString() });
        var noProfile = await client.GetProfileAsync(new GetProfileRequest { SupporterId = hidden.SupporterId.ToString() });
        var invalid = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.GetProfileAsync(new GetProfileRequest { SupporterId = "nope" }).ResponseAsync);

        Assert.True(verified.Confirmed);
        Assert.Equal(hidden.ReferralCode, verified.ReferralCode);
        Assert.True(profile.Found);
        Assert.Equal("Sara S.", profile.DisplayName);
        Assert.Equal("CO, US", profile.Place);
        Assert.False(noProfile.Found);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, invalid.StatusCode);
    }

    [Fact]
    public async Task Grpc_is_never_routed_and_an_unknown_api_route_gets_404_problem_details()
    {
        // Past every API route the site answers: an unknown page, never a gRPC service.
        var grpc = await platform.Gateway.PostAsync("/flex.pledge.v1.Supporters/GetCounts", new ByteArrayContent([0, 0, 0, 0, 0]) { Headers = { ContentType = new("application/grpc") } });
        var api = await platform.Gateway.GetAsync("/api/pledges/no-such-route");

        Assert.NotEqual("application/grpc", grpc.Content.Headers.ContentType?.MediaType);
        Assert.False(grpc.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Error_queues_are_watched_for_durable_endpoints_only()
    {
        // Pledge hears OrganizationRemoved on a temporary queue per replica, which never has an error queue to watch.
        using var pledge = platform.AdminClientFor("pledge");
        var pledgeWatches = (await pledge.GetFromJsonAsync<JsonElement>("/admin/messaging/errors")).EnumerateArray().Select(q => q.GetProperty("queue").GetString()).ToList();
        Assert.Equal(["pledge-milestone-reached", "pledge-petition-opened"], pledgeWatches.Order(StringComparer.Ordinal));

        using var engagement = platform.AdminClientFor("engagement");
        var watched = (await engagement.GetFromJsonAsync<JsonElement>("/admin/messaging/errors")).EnumerateArray().Select(q => q.GetProperty("queue").GetString()).ToList();
        Assert.Contains("engagement-pledge-confirmed", watched);
        Assert.Contains("engagement-supporter-erased", watched);
    }
}
