using System.Text;

namespace FlexPlatform.Domain;

/// <summary>How people are shown in public: "Sara Smith" → "Sara S.". Never a full last name, never an email.</summary>
public static class DisplayNames
{
    public static string Of(string firstName, string lastName)
    {
        var first = firstName.Trim();
        // The first letter, not the first UTF-16 unit: an initial outside the BMP stays whole.
        var initial = lastName.Trim().EnumerateRunes().FirstOrDefault();
        return initial.Value == 0 ? first : $"{first} {Rune.ToUpperInvariant(initial)}.";
    }

    /// <summary>A full name in one field: the first word and the initial of the last.</summary>
    public static string Of(string fullName)
    {
        var words = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length < 2 ? fullName.Trim() : Of(words[0], words[^1]);
    }

    public static string Place(string? region, string? country) =>
        (region, country) switch
        {
            ({ Length: > 0 } r, { Length: > 0 } c) => $"{r}, {c}",
            (_, { Length: > 0 } c) => c,
            _ => "",
        };
}
