using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Content.Domain;

/// <summary>The body of <c>POST /api/content/posts/{slug}/comments</c>.</summary>
public sealed record CommentRequest(string? DisplayName, string? Email, string? Body, string? Website = null)
{
    /// <summary>The hidden honeypot field, as on stories and the pledge.</summary>
    // Derived from the honeypot: never part of the contract.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFromBot => !string.IsNullOrEmpty(Website);

    public FieldErrors Validate() => new FieldErrors()
        .Required("displayName", DisplayName, 60)
        .When(StoryRequest.HasMarkupOrControl(DisplayName), "displayName", "Letters, spaces and punctuation only; never an email address.")
        .When(!EmailAddress.IsValid(Email), "email", "A valid email address is required.")
        .Required("body", Body, 5_000);
}

/// <summary>The body of <c>POST /api/content/comments/{id}/reports</c>; an optional email tells reporters apart.</summary>
public sealed record ReportRequest(string? Reason, string? Email)
{
    public static readonly IReadOnlySet<string> Reasons = new HashSet<string>(StringComparer.Ordinal) { "spam", "offensive", "off-topic" };

    public FieldErrors Validate() => new FieldErrors()
        .OneOf("reason", Reason, Reasons)
        .When(Email is not null && !EmailAddress.IsValid(Email), "email", "A valid email address, or none.");
}
