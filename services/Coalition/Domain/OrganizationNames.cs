using System.Security.Cryptography;
using FlexPlatform.Domain.Text;

namespace FlexPlatform.Coalition.Domain;

public static class OrganizationNames
{
    public static string Slugify(string name) => Slugs.From(name, "organization");

    /// <summary>The code a member's people pledge with: 8 characters, no look-alikes.</summary>
    public static string NewCode()
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        return string.Create(8, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
