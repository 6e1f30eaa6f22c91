using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

public sealed class ConfirmModel(ApiClient api) : MailLinkPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public ConfirmResponse? Confirmed { get; private set; }

    public ShareLink? Share { get; private set; }

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
        Share = await ShareLink.ForAsync(api, Request, Confirmed!.ReferralCode, cancellationToken);
        return Page();
    }
}
