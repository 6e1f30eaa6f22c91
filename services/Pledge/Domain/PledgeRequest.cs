using System.Text.RegularExpressions;
using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Pledge.Domain;

/// <summary>The body of <c>POST /api/pledges</c>.</summary>
public sealed record PledgeRequest(
    string? FirstName,
    string? LastName,
    string? Email,
    string? Country,
    string? Region,
    string? PostalCode,
    string[]? Personas,
    string[]? Flexibility,
    string? Why,
    bool ConsentToUpdates,
    bool ListPublicly,
    string? ReferralCode,
    string? OrganizationCode,
    string? Website = null)
{
    public const int MaxNameLength = 100;
    public const int MaxWhyLength = 500;

    private static readonly Regex PostalCodePattern = new("^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$", RegexOptions.Compiled);
    private static readonly Regex OrganizationCodePattern = new("^[A-Z0-9]{6,12}$", RegexOptions.Compiled);

    /// <summary>
    /// The honeypot: the web form hides a "website" field that people never see and bots fill in.
    /// Such a pledge is answered like any other and then dropped, so the bot learns nothing.
    /// </summary>
    // Derived from the honeypot: never part of the contract.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFromBot => !string.IsNullOrEmpty(Website);

    public FieldErrors Validate()
    {
        var errors = new FieldErrors()
            .Required("firstName", FirstName, MaxNameLength)
            .When(HasControlCharacters(FirstName), "firstName", "Control characters are not allowed.")
            .Required("lastName", LastName, MaxNameLength)
            .When(HasControlCharacters(LastName), "lastName", "Control characters are not allowed.")
            .When(!EmailAddress.IsValid(Email), "email", "A valid email address is required.")
            .OneOf("country", Country, Countries.Codes)
            .AllOneOf("personas", Personas, Vocabulary.Personas)
            .AllOneOf("flexibility", Flexibility, Vocabulary.Flexibility)
            .MaxLength("why", Why, MaxWhyLength)
            .When(PostalCode is not null && !PostalCodePattern.IsMatch(PostalCode), "postalCode", "Letters, digits, spaces and dashes, 2 to 12 characters.")
            .When(ReferralCode is not null && !Contracts.Pledge.ReferralCode.IsWellFormed(ReferralCode), "referralCode", "Not a referral code.")
            .When(OrganizationCode is not null && !OrganizationCodePattern.IsMatch(OrganizationCode), "organizationCode", "Not an organization code.");

        if (Country == "US" && Region is not null)
        {
            errors.OneOf("region", Region, Vocabulary.UsStates);
        }
        else
        {
            errors.MaxLength("region", Region, MaxNameLength)
                .When(HasControlCharacters(Region), "region", "Control characters are not allowed.");
        }

        return errors;
    }

    private static bool HasControlCharacters(string? value) => value is not null && value.Any(char.IsControl);
}
