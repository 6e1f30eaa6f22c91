using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Content.Domain;

/// <summary>The body of <c>POST /api/content/stories</c>: a supporter's story in plain text, with consent to publish it.</summary>
public sealed record StoryRequest(
    string? FirstName, string? LastName, string? Email, string? Title, string? Body, string? Country, string? Region, bool? ConsentToPublish, string? Website = null)
{
    /// <summary>A field people never see (the form hides it); bots fill it in. Answered like any story, then dropped.</summary>
    // Derived from the honeypot: never part of the contract.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFromBot => !string.IsNullOrEmpty(Website);

    public FieldErrors Validate() => new FieldErrors()
        .Required("firstName", FirstName, 100)
        .When(HasMarkupOrControl(FirstName), "firstName", "Letters, spaces and punctuation only.")
        .Required("lastName", LastName, 100)
        .When(HasMarkupOrControl(LastName), "lastName", "Letters, spaces and punctuation only.")
        .When(!EmailAddress.IsValid(Email), "email", "A valid email address is required.")
        .Required("title", Title, 200)
        .When(PlainText.HasControlCharacters(Title), "title", "Control characters are not allowed.")
        .Required("body", Body, 10_000)
        .When(Country is not null && (Country.Length != 2 || !Country.All(char.IsAsciiLetterUpper)), "country", "An ISO 3166-1 alpha-2 code is expected.")
        .When(Region is not null && (Region.Length > 3 || !Region.All(char.IsAsciiLetterOrDigit)), "region", "A region code of at most 3 letters or digits.")
        .When(ConsentToPublish != true, "consentToPublish", "Consent to publish must be given (true).");

    internal static bool HasMarkupOrControl(string? value) =>
        value is not null && (PlainText.HasControlCharacters(value) || value.IndexOfAny(['<', '>', '@', '/', '\\']) >= 0);
}

/// <summary>The body of the confirm routes: the token from the mailed link.</summary>
public sealed record TokenRequest(string? Token);
