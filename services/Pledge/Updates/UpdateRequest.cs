using FlexPlatform.Domain;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Pledge.Updates;

/// <summary>Who an update goes to, among confirmed supporters who consented: every filter given must match.</summary>
public sealed record Audience(string? Country = null, string? Region = null, string[]? Personas = null, string[]? Flexibility = null, string? OrganizationSlug = null)
{
    public static readonly Audience Everyone = new();

    public void Validate(FieldErrors errors)
    {
        errors.When(Country is not null && !Countries.Codes.Contains(Country), "audience.country", "An ISO 3166-1 alpha-2 code, upper case.")
            .When(Region is not null && Country is null, "audience.region", "A region is within a country: give the country too.")
            .When(Country == "US" && Region is not null && !Vocabulary.UsStates.Contains(Region), "audience.region", "A US state's two-letter code.")
            .When(Region is { Length: 0 or > 100 }, "audience.region", "1 to 100 characters.")
            .AllOneOf("audience.personas", Personas, Vocabulary.Personas)
            .AllOneOf("audience.flexibility", Flexibility, Vocabulary.Flexibility)
            .When(OrganizationSlug is { Length: 0 or > 80 }, "audience.organizationSlug", "A coalition member's slug.");
    }
}

/// <summary>
/// A new update: sent at <paramref name="SendAt"/> (now when absent), or kept as a draft when <paramref name="Draft"/>
/// or <paramref name="TestTo"/> is given (a test mail goes there first; send the draft once it reads right).
/// </summary>
public sealed record UpdateRequest(string? Subject, string? Body, Audience? Audience, DateTimeOffset? SendAt, string? TestTo, bool? Draft)
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 50_000;

    public bool KeepsDraft => Draft == true || TestTo is not null;

    public FieldErrors Validate(DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Required("subject", Subject?.Trim(), MaxSubjectLength)
            .Required("body", Body?.Trim(), MaxBodyLength)
            .When(Subject?.Any(char.IsControl) == true, "subject", "One line, no control characters.")
            .When(SendAt is { } at && at < now.AddMinutes(-1), "sendAt", "A time to come (leave it out to send now).")
            .When(TestTo is not null && !EmailAddress.IsValid(TestTo.Trim()), "testTo", "A valid email address for the test mail.");
        (Audience ?? Audience.Everyone).Validate(errors);
        return errors;
    }
}

/// <summary>Sends a draft at <paramref name="SendAt"/>, or now.</summary>
public sealed record SendRequest(DateTimeOffset? SendAt);

/// <summary>A test mail of the update to <paramref name="To"/> (the caller's own address when their token carries one).</summary>
public sealed record TestSendRequest(string? To);

/// <summary>An address to leave out of updates, and why: a complaint a mailbox provider reported, or a bounce.</summary>
public sealed record SuppressionRequest(string? Address, string? Kind, string? Detail);
