namespace FlexPlatform.Engagement.Domain;

/// <summary>What confirming a signature comes to, decided before anything is written.</summary>
public enum SignatureConfirmation
{
    Unknown,
    AlreadyConfirmed,
    Closed,
    Expired,
    Count,
}

/// <summary>One person's signature: pending until its mailed link is confirmed, then counted until invalidated.</summary>
public static class Signature
{
    public const string Confirmed = "confirmed";
    public const string Invalidated = "invalidated";

    /// <summary>
    /// An invalidated signature's link answers as an unknown one; a confirmed one stays confirmed; a pending one
    /// counts while the petition is open and its link is good.
    /// </summary>
    public static SignatureConfirmation Confirm(string status, DateTimeOffset expiresAt, DateTimeOffset closesAt, DateTimeOffset now) => status switch
    {
        Invalidated => SignatureConfirmation.Unknown,
        Confirmed => SignatureConfirmation.AlreadyConfirmed,
        _ when !Petition.IsOpen(closesAt, now) => SignatureConfirmation.Closed,
        _ when expiresAt <= now => SignatureConfirmation.Expired,
        _ => SignatureConfirmation.Count,
    };
}
