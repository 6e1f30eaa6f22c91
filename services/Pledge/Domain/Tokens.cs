using System.Security.Cryptography;
using System.Text;
using FlexPlatform.Contracts.Pledge;

namespace FlexPlatform.Pledge.Domain;

/// <summary>
/// Secrets mailed to supporters. Only their SHA-256 hashes are stored, so a database leak does
/// not let anyone confirm, withdraw or erase a pledge.
/// </summary>
public static class Tokens
{
    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string NewReferralCode()
    {
        Span<char> code = stackalloc char[ReferralCode.Length];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = ReferralCode.Alphabet[RandomNumberGenerator.GetInt32(ReferralCode.Alphabet.Length)];
        }

        return new string(code);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
