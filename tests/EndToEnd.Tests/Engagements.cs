using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>Builders and steps for events, petitions and legislation, as a client and an admin would take them.</summary>
internal static partial class Engagements
{
    private static readonly ConcurrentDictionary<string, HttpClient> Services = new();

    public static string LocalTime(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Event(string title, int? capacity = null, int daysAhead = 30) => new()
    {
        ["title"] = title,
        ["summary"] = "Meet other supporters and plan the next steps.",
        ["description"] = "Bring a friend. **Snacks** provided.\n\n<script>alert(1)</script>",
        ["format"] = "hybrid",
        ["startsAt"] = LocalTime(DateTime.UtcNow.Date.AddDays(daysAhead).AddHours(18)),
        ["endsAt"] = LocalTime(DateTime.UtcNow.Date.AddDays(daysAhead).AddHours(20)),
        ["timeZone"] = "America/Denver",
        ["venue"] = new { name = "Public Library", address = "1001 Arapahoe Ave", city = "Boulder", region = "CO", country = "US" },
        ["onlineUrl"] = "https://meet.example.org/secret-room-" + Guid.NewGuid().ToString("N")[..8],
        ["capacity"] = capacity,
    };

    public static async Task<string> CreateEventAsync(this PlatformFixture platform, Dictionary<string, object?> body)
    {
        using var admin = platform.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/engagement/events", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
    }

    /// <summary>Answers the event and returns the confirm and cancel tokens from the mail (the newest, once <paramref name="previousMails"/> earlier ones were there).</summary>
    public static async Task<(string Confirm, string Cancel)> RsvpAsync(this PlatformFixture platform, string slug, string email, int previousMails = 0)
    {
        var answered = await platform.Gateway.PostAsJsonAsync($"/api/engagement/events/{slug}/rsvps", new { firstName = "Rae", lastName = "Vance", email });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, answered.StatusCode);
        static bool Confirm(PlatformFixture.DevMail m) => m.Subject.StartsWith("Confirm your place", StringComparison.Ordinal);
        var body = (await platform.MailArrivedAsync(email, Confirm, count: previousMails + 1)).First(Confirm).Body;
        return (RsvpLink().Match(body).Groups[1].Value, CancelLink().Match(body).Groups[1].Value);
    }

    public static async Task<JsonElement> ConfirmRsvpAsync(this HttpClient gateway, string token)
    {
        var confirmed = await gateway.PostAsJsonAsync("/api/engagement/rsvps/confirm", new { token });
        confirmed.EnsureSuccessStatusCode();
        return await confirmed.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Engagement itself, past the gateway's one-second output cache, for exact reads right after a change.</summary>
    public static HttpClient EngagementService(this PlatformFixture platform) =>
        Services.GetOrAdd(platform.ServiceUrl("engagement"), url => new HttpClient { BaseAddress = new Uri(url) });

    public static async Task<JsonElement> EventAsync(this PlatformFixture platform, string slug) =>
        await platform.EngagementService().GetFromJsonAsync<JsonElement>($"/api/engagement/events/{slug}");

    public static Dictionary<string, object?> Petition(string title, long goal = 100, int daysOpen = 30) => new()
    {
        ["title"] = title,
        ["summary"] = "Let public employees work flexibly.",
        ["body"] = "We ask the **legislature** to pass it.",
        ["target"] = "The State Legislature",
        ["goal"] = goal,
        ["closesAt"] = DateTimeOffset.UtcNow.AddDays(daysOpen),
    };

    public static async Task<string> CreatePetitionAsync(this PlatformFixture platform, Dictionary<string, object?> body)
    {
        using var admin = platform.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/engagement/petitions", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
    }

    public static Dictionary<string, object?> Signature(string email, string country = "US", string? region = "CO") => new()
    {
        ["firstName"] = "Sam",
        ["lastName"] = "Signer",
        ["email"] = email,
        ["country"] = country,
        ["region"] = region,
        ["listPublicly"] = true,
    };

    /// <summary>Signs and confirms from the mail; returns the confirmation's answer.</summary>
    public static async Task<JsonElement> SignAsync(this PlatformFixture platform, string slug, Dictionary<string, object?> body)
    {
        var signed = await platform.Gateway.PostAsJsonAsync($"/api/engagement/petitions/{slug}/signatures", body);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, signed.StatusCode);
        var mail = await platform.MailAsync((string)body["email"]!, "Confirm your signature");
        var confirmed = await platform.Gateway.PostAsJsonAsync("/api/engagement/signatures/confirm", new { token = SignLink().Match(mail.Body).Groups[1].Value });
        confirmed.EnsureSuccessStatusCode();
        return await confirmed.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> PetitionAsync(this PlatformFixture platform, string slug) =>
        await platform.EngagementService().GetFromJsonAsync<JsonElement>($"/api/engagement/petitions/{slug}");

    [GeneratedRegex(@"/rsvp\?token=([A-Za-z0-9_-]+)")]
    public static partial Regex RsvpLink();

    [GeneratedRegex(@"/rsvp/cancel\?token=([A-Za-z0-9_-]+)")]
    public static partial Regex CancelLink();

    [GeneratedRegex(@"/sign\?token=([A-Za-z0-9_-]+)")]
    public static partial Regex SignLink();
}
