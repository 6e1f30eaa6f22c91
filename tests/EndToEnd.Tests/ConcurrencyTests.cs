using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Requests racing for the same slug or the same per-address allowance answer 2xx or 4xx, never 500, and limits hold exactly.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConcurrencyTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/api/engagement/events")]
    [InlineData("/api/engagement/petitions")]
    public async Task Admins_creating_the_same_thing_at_once_get_created_or_conflict_never_500(string route)
    {
        var title = $"Same moment {Guid.NewGuid():N}"[..24];
        var body = route.EndsWith("events", StringComparison.Ordinal) ? Engagements.Event(title) : Engagements.Petition(title);
        using var admin = platform.AdminClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await admin.PostAsJsonAsync(route, body);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{a.StatusCode}"));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Conflict), a => Assert.Equal("application/problem+json", a.MediaType));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task One_address_submitting_many_stories_at_once_gets_exactly_its_hourly_allowance()
    {
        var email = Pledges.NewEmail("burst-author");

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var response = await platform.Gateway.PostAsJsonAsync("/api/content/stories", Posts.Story(email, $"Story {i}", "Told at the same time."));
            return response.StatusCode;
        }));

        Assert.Equal(10, answers.Count(a => a == HttpStatusCode.Accepted));
        Assert.Equal(6, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.Equal(10, await platform.ScalarAsync("contentdb", $"SELECT count(*) FROM stories WHERE email = '{email}'"));
    }
}
