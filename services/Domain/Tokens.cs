using System.Security.Cryptography;
using System.Text;
using FlexPlatform.Contracts.Pledge;

namespace FlexPlatform.Domain;

/// <summary>
/// Secrets mailed to supporters (pledge, story, comment, RSVP and signature links). Only their SHA-256 hashes
/// are stored, so a database leak does not let anyone confirm, withdraw or erase anything.
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
        // One draw of random bytes per code (a draw per character cost 8 s of a million-row import),
        // unbiased by rejecting bytes at or above the largest multiple of the alphabet's length.
        var alphabet = ReferralCode.Alphabet;
        var limit = 256 - (256 % alphabet.Length);
        Span<char> code = stackalloc char[ReferralCode.Length];
        Span<byte> random = stackalloc byte[ReferralCode.Length * 2];
        var filled = 0;
        while (filled < code.Length)
        {
            RandomNumberGenerator.Fill(random);
            foreach (var b in random)
            {
                if (b < limit && filled < code.Length)
                {
                    code[filled++] = alphabet[b % alphabet.Length];
                }
            }
        }

        return new string(code);
    }

    /// <summary>A short one-way fingerprint (an email, a client address) for rate counting without keeping the value.</summary>
    public static string Fingerprint(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
