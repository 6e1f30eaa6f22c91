using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PetitionsTests(PlatformFixture platform)
{
    private readonly HttpClient _gateway = platform.Gateway;

    [Fact]
    public async Task Petition_signed_twice_by_one_person_counts_once()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Count me once"));
        var email = Pledges.NewEmail("signer");
        var first = await platform.SignAsync(slug, Engagements.Signature(email));

        var again = await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(email.ToUpperInvariant()));
        var stranger = await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(Pledges.NewEmail("stranger")));

        Assert.Equal(1, first.GetProperty("signatures").GetInt64());
        Assert.Equal(slug, first.GetProperty("petition").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(await stranger.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var petition = await platform.PetitionAsync(slug);
        Assert.Equal(1, petition.GetProperty("signatures").GetInt64());
        Assert.Equal(1, petition.GetProperty("byCountry").GetProperty("US").GetInt64());
        Assert.Equal(1, petition.GetProperty("byRegion").GetProperty("CO").GetInt64());
    }

    [Fact]
    public async Task Stream_sees_the_new_count_within_a_second()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Watch it move"));
        using var watcher = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var open = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await watcher.GetAsync($"/api/engagement/petitions/{slug}/stream", HttpCompletionOption.ResponseHeadersRead, open.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(open.Token));
        Assert.Equal(0, await NextCountAsync(reader, open.Token));

        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("live")));
        using var withinASecond = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await NextCountAsync(reader, withinASecond.Token));
    }

    [Fact]
    public async Task Invalidation_by_domain_window_and_one_by_one_drops_every_count_exactly()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Fraud controls"));
        foreach (var i in Enumerable.Range(1, 3))
        {
            await platform.SignAsync(slug, Engagements.Signature($"bot{i}.{Guid.NewGuid():N}@fraud.example", "GB", null));
        }

        var honest = Pledges.NewEmail("honest");
        await platform.SignAsync(slug, Engagements.Signature(honest));
        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("other")));
        using var admin = platform.AdminClient();

        var byDomain = await admin.PostAsJsonAsync($"/api/engagement/petitions/{slug}/invalidations", new { emailDomain = "fraud.example" });
        var afterDomain = await platform.PetitionAsync(slug);
        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/engagement/petitions/{slug}/signatures");
        var honestId = list.EnumerateArray().First(s => s.GetProperty("email").GetString() == honest).GetProperty("id").GetGuid();
        var oneByOne = await admin.PostAsJsonAsync($"/api/engagement/petitions/{slug}/invalidations", new { signatureIds = new[] { honestId } });
        var again = await admin.PostAsJsonAsync($"/api/engagement/petitions/{slug}/invalidations", new { signatureIds = new[] { honestId } });
        var window = await admin.PostAsJsonAsync($"/api/engagement/petitions/{slug}/invalidations",
            new { from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow.AddHours(1) });
        var afterAll = await platform.PetitionAsync(slug);

        Assert.Equal(3, (await byDomain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invalidated").GetInt64());
        Assert.Equal(2, afterDomain.GetProperty("signatures").GetInt64());
        Assert.False(afterDomain.GetProperty("byCountry").TryGetProperty("GB", out _));
        Assert.Equal(2, afterDomain.GetProperty("byCountry").GetProperty("US").GetInt64());
        Assert.Equal(1, (await oneByOne.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invalidated").GetInt64());
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invalidated").GetInt64());
        Assert.Equal(1, (await window.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invalidated").GetInt64());
        Assert.Equal(0, afterAll.GetProperty("signatures").GetInt64());
        var listed = await platform.EngagementService().GetFromJsonAsync<JsonElement>("/api/engagement/petitions");
        Assert.Equal(0, listed.EnumerateArray().Single(p => p.GetProperty("slug").GetString() == slug).GetProperty("signatures").GetInt64());
    }

    [Fact]
    public async Task Closed_petition_refuses_signatures_with_409()
    {
        var body = Engagements.Petition("Closing soon");
        body["closesAt"] = DateTimeOffset.UtcNow.AddSeconds(2);
        var slug = await platform.CreatePetitionAsync(body);
        var closed = await PlatformFixture.EventuallyAsync(() => platform.PetitionAsync(slug), p => p.GetProperty("state").GetString() == "closed");
        Assert.Equal("closed", closed.GetProperty("state").GetString());

        var refused = await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(Pledges.NewEmail("late")));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await platform.ScalarAsync("engagementdb",
            $"SELECT count(*) FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE p.slug = '{slug}'"));
    }

    [Fact]
    public async Task An_editor_closes_signing_early_and_a_signature_still_pending_can_no_longer_count()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Closed by its editors", goal: 1));
        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("counted")));
        var pending = Pledges.NewEmail("pending");
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(pending))).StatusCode);
        var token = Engagements.SignLink().Match((await platform.MailAsync(pending, "Confirm your signature")).Body).Groups[1].Value;
        using var editor = platform.StaffClient("editor");

        var closed = await editor.PostAsync($"/api/engagement/petitions/{slug}/close", null);
        var again = await editor.PostAsync($"/api/engagement/petitions/{slug}/close", null);
        var unknown = await editor.PostAsync("/api/engagement/petitions/no-such-petition/close", null);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var answer = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("successful", answer.GetProperty("state").GetString()); // it had reached its goal of one
        Assert.True(answer.GetProperty("closesAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var late = await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(Pledges.NewEmail("late")));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var confirm = await _gateway.PostAsJsonAsync("/api/engagement/signatures/confirm", new { token });
        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        var petition = await platform.PetitionAsync(slug);
        Assert.Equal("successful", petition.GetProperty("state").GetString());
        Assert.Equal(1, petition.GetProperty("signatures").GetInt64());
        Assert.Equal(1, await platform.ScalarAsync("engagementdb",
            $"SELECT count(*) FROM staff_audit WHERE route = 'POST /api/engagement/petitions/{{slug}}/close' AND target = 'slug={slug}' AND status = 200"));
    }

    [Fact]
    public async Task Reaching_the_goal_is_recorded_once_and_a_pledged_signer_is_recognized_as_a_supporter()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Small goal", goal: 2));
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("pledged"));

        await platform.SignAsync(slug, Engagements.Signature(supporter.Email));
        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("second")));
        await platform.SignAsync(slug, Engagements.Signature(Pledges.NewEmail("third")));

        var petition = await platform.PetitionAsync(slug);
        Assert.Equal(3, petition.GetProperty("signatures").GetInt64());
        Assert.Equal(1, petition.GetProperty("supporterSignatures").GetInt64());
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM petitions WHERE slug = '{slug}' AND goal_reached_at IS NOT NULL"));
    }

    [Fact]
    public async Task The_goal_reached_by_simultaneous_confirmations_is_recorded_with_the_one_that_reached_it()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Together", goal: 6));
        var tokens = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var email = Pledges.NewEmail($"together{i}");
            Assert.Equal(HttpStatusCode.Accepted, (await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(email))).StatusCode);
            tokens.Add(Engagements.SignLink().Match((await platform.MailAsync(email, "Confirm your signature")).Body).Groups[1].Value);
        }

        var answers = await Task.WhenAll(tokens.Select(token => _gateway.PostAsJsonAsync("/api/engagement/signatures/confirm", new { token })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // Recorded by the confirmation's own commit: there is nothing left to wait for.
        Assert.Equal(1, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM petitions WHERE slug = '{slug}' AND goal_reached_at IS NOT NULL"));
        Assert.Equal(6, (await platform.PetitionAsync(slug)).GetProperty("signatures").GetInt64());
    }

    [Theory]
    [InlineData("goal", 0)]
    [InlineData("goal", -5)]
    [InlineData("closesAt", -1)]
    public async Task Bad_petition_is_refused_naming_the_field_and_nothing_is_stored(string field, long value)
    {
        var title = "Refused petition " + Guid.NewGuid().ToString("N");
        var body = Engagements.Petition(title);
        if (field == "goal")
        {
            body["goal"] = value;
        }
        else
        {
            body["closesAt"] = DateTimeOffset.UtcNow.AddDays(value);
        }

        using var admin = platform.AdminClient();
        var refused = await admin.PostAsJsonAsync("/api/engagement/petitions", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM petitions WHERE title = '{title}'"));
    }

    [Fact]
    public async Task Signing_is_limited_per_email_and_the_honeypot_stores_nothing()
    {
        var slug = await platform.CreatePetitionAsync(Engagements.Petition("Abuse controls"));
        var email = Pledges.NewEmail("flood");
        var answers = new List<HttpStatusCode>();
        foreach (var _ in Enumerable.Range(1, 6))
        {
            answers.Add((await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", Engagements.Signature(email))).StatusCode);
        }

        var bot = Engagements.Signature(Pledges.NewEmail("bot"));
        bot["website"] = "http://spam.example";
        var botAnswer = await _gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", bot);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 5).Append(HttpStatusCode.TooManyRequests), answers);
        Assert.Equal(HttpStatusCode.Accepted, botAnswer.StatusCode);
        Assert.Equal(1, await platform.ScalarAsync("engagementdb",
            $"SELECT count(*) FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE p.slug = '{slug}'"));
        Assert.Single(await platform.MailArrivedAsync(email));
    }

    private static async Task<long> NextCountAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "count")
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("signatures").GetInt64();
            }
        }

        throw new EndOfStreamException();
    }
}
