using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

public sealed class ConfirmModel(ApiClient api) : MailLinkPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public ConfirmResponse? Confirmed { get; private set; }

    public long Referrals { get; private set; }

    public string ReferralLink => $"{Request.Scheme}://{Request.Host}/join?ref={Confirmed?.ReferralCode}";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.SendAsync((gateway, ct) => gateway.Pledge_ConfirmAsync(new TokenRequest { Token = Token }, ct), cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        Confirmed = result.Value;
        Referrals = (await api.ReadAsync((gateway, ct) => gateway.Referrals_GetAsync(Confirmed!.ReferralCode, ct), cancellationToken))?.ConfirmedReferrals ?? 0;
        return Page();
    }
}
