namespace FlexPlatform.Pledge.Domain;

/// <summary>The closed lists of API.md: who supporters are and which flexibility matters to them.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlySet<string> Personas = new HashSet<string>(StringComparer.Ordinal)
    {
        "woman", "man", "parent", "caregiver", "millennial", "retiree", "freelancer",
        "military-spouse", "person-with-disability", "student", "other",
    };

    public static readonly IReadOnlySet<string> Flexibility = new HashSet<string>(StringComparer.Ordinal)
    {
        "telecommuting", "flexible-schedule", "alternative-schedule", "compressed-workweek",
        "job-sharing", "part-time", "freelance", "results-only",
    };

    /// <summary>US states, DC and the inhabited territories (USPS codes).</summary>
    public static readonly IReadOnlySet<string> UsStates = new HashSet<string>(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
        "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
        "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
        "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
    };
}
