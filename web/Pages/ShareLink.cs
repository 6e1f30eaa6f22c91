using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

/// <summary>A supporter's personal link to the join page, and how many friends joined through it so far.</summary>
public sealed record ShareLink(string Url, string ReferralCode, long Referrals)
{
    public const string Message = "I just joined 1 Million for Work Flexibility. Add your name:";

    /// <summary>The link on this site's public address, with its count from Engagement (0 while Engagement cannot say).</summary>
    public static async Task<ShareLink> ForAsync(ApiClient api, HttpRequest request, string referralCode, CancellationToken cancellationToken)
    {
        var referrals = await api.ReadAsync((gateway, ct) => gateway.Referrals_GetAsync(referralCode, ct), cancellationToken);
        return new($"{SiteOrigin.Of(request.HttpContext)}/join?ref={Uri.EscapeDataString(referralCode)}", referralCode, referrals?.ConfirmedReferrals ?? 0);
    }
}
