namespace FlexPlatform.Content.Domain;

/// <summary>How people are shown in public: "Sara Smith" → "Sara S.". Never an email.</summary>
public static class DisplayNames
{
    public static string Of(string firstName, string lastName)
    {
        var first = firstName.Trim();
        var last = lastName.Trim();
        return last.Length == 0 ? first : $"{first} {char.ToUpperInvariant(last[0])}.";
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
