using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

public sealed class ConfirmModel(ApiClient api) : MailLinkPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public Confirmed? Confirmed { get; private set; }

    public long Referrals { get; private set; }

    public string ReferralLink => $"{Request.Scheme}://{Request.Host}/join?ref={Confirmed?.ReferralCode}";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.PostAsync<Confirmed>("/api/pledges/confirm", new { token = Token }, cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        Confirmed = result.Value;
        Referrals = (await api.GetAsync<Referrals>($"/api/engagement/referrals/{Confirmed!.ReferralCode}", cancellationToken))?.ConfirmedReferrals ?? 0;
        return Page();
    }
}
