namespace FlexPlatform.Content.Domain;

/// <summary>How long a mailed verification link (a story, a comment, a report) stays good.</summary>
public static class Verification
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);
}
