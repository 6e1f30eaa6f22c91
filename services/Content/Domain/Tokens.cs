using System.Security.Cryptography;
using System.Text;

namespace FlexPlatform.Content.Domain;

/// <summary>Mailed verification secrets; only their SHA-256 hashes are stored, and they expire.</summary>
public static class Tokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A short one-way fingerprint (an email, a client address) for rate counting without keeping the value.</summary>
    public static string Fingerprint(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
