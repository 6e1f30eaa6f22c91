using System.Net.Mail;

namespace FlexPlatform.Domain;

/// <summary>
/// The platform's one rule for a valid email address and for the identity behind it, used by every service.
/// Internationalized addresses (<c>josé@exämple.org</c>) are valid everywhere and are sent with SMTPUTF8.
/// <see cref="Normalize"/> is stored (<c>email_normalized</c>) and compared across services (erase, limits,
/// reports): changing it means bumping <see cref="NormalizationVersion"/> and a migration in every service that
/// stores it, recomputing the stored values.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>1: case-insensitive; Gmail without dots and "+tags". Content's rows were renormalized to it (its 0004 migration).</summary>
    public const int NormalizationVersion = 1;

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxLength || email.Any(char.IsControl))
        {
            return false;
        }

        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        // MailAddress accepts display names and comments; require a bare local@domain.tld.
        return at > 0 && at < trimmed.Length - 1
            && trimmed[(at + 1)..].Contains('.', StringComparison.Ordinal)
            && !trimmed.Contains(' ', StringComparison.Ordinal)
            && MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.Address == trimmed;
    }

    /// <summary>
    /// The identity used for "one person": case-insensitive, and for providers known to ignore them, without
    /// dots and "+tags" (jane.doe+x@gmail.com is janedoe@gmail.com).
    /// </summary>
    public static string Normalize(string email)
    {
        var trimmed = email.Trim().ToLowerInvariant();
        var at = trimmed.LastIndexOf('@');
        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..];
        if (domain is "gmail.com" or "googlemail.com")
        {
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            local = (plus >= 0 ? local[..plus] : local).Replace(".", "", StringComparison.Ordinal);
            domain = "gmail.com";
        }

        return $"{local}@{domain}";
    }
}
