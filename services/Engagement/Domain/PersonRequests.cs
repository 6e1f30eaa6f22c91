using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Engagement.Domain;

/// <summary>The body of <c>POST /api/engagement/events/{slug}/rsvps</c>; <c>website</c> is the honeypot.</summary>
public sealed record RsvpRequest(string? FirstName, string? LastName, string? Email, string? Website = null)
{
    // Derived from the honeypot: never part of the contract.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFromBot => !string.IsNullOrEmpty(Website);

    public FieldErrors Validate() => new FieldErrors()
        .Required("firstName", FirstName, 100)
        .When(Text.HasControlCharacters(FirstName), "firstName", "Control characters are not allowed.")
        .Required("lastName", LastName, 100)
        .When(Text.HasControlCharacters(LastName), "lastName", "Control characters are not allowed.")
        .When(!EmailAddress.IsValid(Email), "email", "A valid email address is required.");
}

/// <summary>The body of <c>POST /api/engagement/petitions/{slug}/signatures</c>; <c>website</c> is the honeypot.</summary>
public sealed record SignatureRequest(
    string? FirstName, string? LastName, string? Email, string? Country, string? Region, string? PostalCode,
    string? Comment, bool ListPublicly, string? Website = null)
{
    public const int MaxCommentLength = 500;

    // Derived from the honeypot: never part of the contract.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFromBot => !string.IsNullOrEmpty(Website);

    public FieldErrors Validate() => new FieldErrors()
        .Required("firstName", FirstName, 100)
        .When(Text.HasControlCharacters(FirstName), "firstName", "Control characters are not allowed.")
        .Required("lastName", LastName, 100)
        .When(Text.HasControlCharacters(LastName), "lastName", "Control characters are not allowed.")
        .When(!EmailAddress.IsValid(Email), "email", "A valid email address is required.")
        .OneOf("country", Country, Countries.Codes)
        .MaxLength("region", Region, 100)
        .When(Text.HasControlCharacters(Region), "region", "Control characters are not allowed.")
        .MaxLength("postalCode", PostalCode, 12)
        .MaxLength("comment", Comment, MaxCommentLength);
}

public sealed record TokenRequest(string? Token);

public sealed record ReasonRequest(string? Reason)
{
    public FieldErrors Validate() => new FieldErrors().Required("reason", Reason, 1000);
}
