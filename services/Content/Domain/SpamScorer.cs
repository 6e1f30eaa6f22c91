using System.Text.RegularExpressions;

namespace FlexPlatform.Content.Domain;

/// <summary>What is known about a story or comment when it is verified.</summary>
/// <param name="SubmissionsFromAddress">Submissions from this email in the last day, this one included.</param>
/// <param name="SubmissionsFromClient">Submissions from this client address in the last hour, this one included.</param>
/// <param name="IsConfirmedSupporter">Whether Pledge knows the email as a confirmed supporter; null when it could not be asked.</param>
public sealed record SpamSignals(string Text, int SubmissionsFromAddress, int SubmissionsFromClient, bool? IsConfirmedSupporter);

public sealed record SpamVerdict(int Score, IReadOnlyList<string> Reasons)
{
    public bool IsHeld => Score >= SpamScorer.HoldThreshold;
}

/// <summary>
/// Scores text before a moderator sees it. Each rule adds points and says why, so the queue can show the
/// reasons; at <see cref="HoldThreshold"/> or more a story is held as spam and a comment is not published.
/// </summary>
public static partial class SpamScorer
{
    public const int HoldThreshold = 5;
    public const int AddressesPerDay = 3;
    public const int ClientsPerHour = 20;

    public static readonly IReadOnlyList<string> KnownPhrases =
    [
        "buy now", "click here", "free money", "earn $", "make money fast", "work from home and earn", "guaranteed income",
        "limited time offer", "100% free", "casino", "viagra", "crypto", "bitcoin", "forex", "seo services", "payday loan",
        "act now", "risk-free", "winner", "double your",
    ];

    public static SpamVerdict Score(SpamSignals signals)
    {
        var score = 0;
        var reasons = new List<string>();
        void Add(int points, string reason)
        {
            score += points;
            reasons.Add($"{reason} ({(points >= 0 ? "+" : "")}{points})");
        }

        var text = signals.Text;
        var links = Links().Count(text);
        if (links > 0)
        {
            Add(Math.Min(links * 2, 8), links == 1 ? "1 link" : $"{links} links");
        }

        var lower = text.ToLowerInvariant();
        foreach (var phrase in KnownPhrases.Where(p => lower.Contains(p, StringComparison.Ordinal)))
        {
            Add(3, $"known spam phrase \"{phrase}\"");
        }

        if (IsRepetitive(lower))
        {
            Add(3, "repeated text");
        }

        var letters = text.Where(char.IsLetter).ToList();
        if (letters.Count >= 20 && letters.Count(char.IsUpper) > letters.Count * 0.6)
        {
            Add(2, "mostly capital letters");
        }

        if (signals.SubmissionsFromAddress > AddressesPerDay)
        {
            Add(3, $"{signals.SubmissionsFromAddress} submissions from this address today");
        }

        if (signals.SubmissionsFromClient > ClientsPerHour)
        {
            Add(3, $"{signals.SubmissionsFromClient} submissions from this client in an hour");
        }

        switch (signals.IsConfirmedSupporter)
        {
            case true:
                Add(-2, "a confirmed supporter");
                break;
            case false:
                Add(1, "not a confirmed supporter");
                break;
            default:
                // Pledge did not answer in time: say so, so a moderator knows the check was skipped.
                Add(0, "supporter status unknown");
                break;
        }

        return new SpamVerdict(Math.Max(score, 0), reasons);
    }

    // A word (4+ letters) making up over a quarter of a text of 8+ words, or one line repeated 3+ times.
    private static bool IsRepetitive(string lower)
    {
        var words = Words().Matches(lower).Select(m => m.Value).ToList();
        if (words.Count >= 8 && words.Where(w => w.Length >= 4).GroupBy(w => w).Any(g => g.Count() * 4 > words.Count))
        {
            return true;
        }

        var lines = lower.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Where(l => l.Length >= 10).GroupBy(l => l).Any(g => g.Count() >= 3) || RepeatedRun().IsMatch(lower);
    }

    [GeneratedRegex(@"(https?://|www\.)[^\s)]+|\[[^\]]*\]\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Links();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"(.)\1{9,}")]
    private static partial Regex RepeatedRun();
}
