using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using FlexPlatform.ServiceDefaults.Security;

namespace FlexPlatform.Pledge.Updates;

/// <summary>
/// The token in an update's unsubscribe links: the supporter's id and a keyed hash of it (Hashing:Key), so nothing
/// is stored per mail and a million mails need no write. It can only stop or restart updates, never read or change
/// the pledge: manage tokens are stored hashed and cannot be put in a mail sent later.
/// </summary>
public sealed class UnsubscribeTokens(KeyedHash hash)
{
    private const string Purpose = "unsubscribe";
    public const int Length = 64;

    public string For(Guid supporterId) => supporterId.ToString("N") + hash.Of(Purpose, supporterId.ToString("N"));

    public static bool IsWellFormed([NotNullWhen(true)] string? token) =>
        token is { Length: Length } && token.All(char.IsAsciiHexDigitLower);

    /// <summary>The supporter the token was made for, or null when it was not made with this key.</summary>
    public Guid? Read(string token)
    {
        if (!IsWellFormed(token) || !Guid.TryParseExact(token[..32], "N", out var id))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash.Of(Purpose, token[..32])), Encoding.ASCII.GetBytes(token[32..]))
            ? id
            : null;
    }
}
