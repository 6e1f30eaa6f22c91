using System.Net;
using System.Net.Http.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Every service that takes an email address applies the same rule: internationalized ones in, malformed ones out with a field error.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EmailRuleTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Every_public_write_takes_an_internationalized_address_and_refuses_a_malformed_one_naming_its_field()
    {
        var post = await platform.PublishNewPostAsync("Talk about addresses.");
        var eventSlug = await platform.CreateEventAsync(Engagements.Event("Address meetup"));
        var petition = await platform.CreatePetitionAsync(Engagements.Petition("Addresses for all"));
        var writes = new (string Route, string Field, Func<string, object> Body)[]
        {
            ("/api/pledges", "email", email => Pledges.Valid(email)),
            ("/api/content/stories", "email", email => Posts.Story(email, "Flex from afar", "Working across time zones.")),
            ($"/api/content/posts/{post}/comments", "email", email => new { displayName = "Zoë", email, body = "Same here." }),
            ("/api/coalition/applications", "contactEmail", email => new
            {
                name = $"Ünïcode Works {Guid.NewGuid():N}"[..24], kind = "company", website = "https://unicode.example", country = "DE",
                statement = "Everyone chooses their hours.", contactName = "Zoë", contactEmail = email,
            }),
            ($"/api/engagement/events/{eventSlug}/rsvps", "email", email => new { firstName = "Zoë", lastName = "Ünal", email }),
            ($"/api/engagement/petitions/{petition}/signatures", "email", email => Engagements.Signature(email)),
        };

        foreach (var (route, field, body) in writes)
        {
            var international = $"zoë.{Guid.NewGuid():N}@exämple.org";
            var accepted = await _gateway.PostAsJsonAsync(route, body(international));
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{route}: {accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");

            var refused = await _gateway.PostAsJsonAsync(route, body("zoe@localhost"));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{route}: {refused.StatusCode}");
            Assert.Contains($"\"{field}\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
