namespace FlexPlatform.Contracts.Pledge;

/// <summary>The shape of a supporter's referral code, shared by everyone who accepts one.</summary>
public static class ReferralCode
{
    public const int Length = 8;

    // No 0/o, 1/l/i: codes are read aloud and typed from paper.
    public const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
