using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Coalition.Domain;

/// <summary>The body of <c>POST /api/coalition/applications</c>.</summary>
public sealed record ApplicationRequest(
    string? Name,
    string? Kind,
    string? Website,
    string? Country,
    string? Statement,
    string? ContactName,
    string? ContactEmail,
    string? Homepage = null)
{
    /// <summary>The honeypot: the form hides a "homepage" field people never see and bots fill in ("website" is a real field here).</summary>
    // Derived from the honeypot: never part of the contract.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFromBot => !string.IsNullOrEmpty(Homepage);

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "company", "nonprofit", "media", "association", "academic", "government", "other",
    };

    public FieldErrors Validate() => new FieldErrors()
        .Required("name", Name, 200)
        .OneOf("kind", Kind, Kinds)
        .Required("website", Website, 300)
        .When(Website is not null && !IsHttpUrl(Website), "website", "An http(s) address is required.")
        .When(Country is null || Country.Length != 2 || !Country.All(char.IsAsciiLetterUpper), "country", "An ISO 3166-1 alpha-2 code is required.")
        .Required("statement", Statement, 2000)
        .Required("contactName", ContactName, 200)
        .When(!EmailAddress.IsValid(ContactEmail), "contactEmail", "A valid email address is required.");

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.', StringComparison.Ordinal);
}
