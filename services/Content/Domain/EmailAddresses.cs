namespace FlexPlatform.Content.Domain;

public static class EmailAddresses
{
    public static bool IsValid(string? value) =>
        value is { Length: <= 254 } && value.Contains('@', StringComparison.Ordinal)
        && System.Net.Mail.MailAddress.TryCreate(value.Trim(), out var parsed) && parsed.Address == value.Trim();

    /// <summary>One person, one address: case and surrounding space do not make a new one.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
