using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

public sealed class ManageModel(ApiClient api) : MailLinkPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    [BindProperty] public string? Email { get; set; }

    [BindProperty] public bool ConsentToUpdates { get; set; }

    public ManagedPledge? Pledge { get; private set; }

    /// <summary>The personal link to share, while the pledge counts.</summary>
    public ShareLink? Share { get; private set; }

    public string? Done { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>A new manage link by mail; the page says the same whether or not the address pledged.</summary>
    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        var result = await api.SendAsync((gateway, ct) => gateway.Manage_SendManageLinkAsync(new ManageLinkRequest { Email = Email }, ct), cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        Done = "If this address pledged, a new private link is on its way to it. Any link sent before no longer works.";
        return Page();
    }

    public Task<IActionResult> OnPostShowAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    /// <summary>Updates by mail started or stopped at once; the page then shows the pledge as it stands.</summary>
    public async Task<IActionResult> OnPostConsentAsync(CancellationToken cancellationToken)
    {
        var result = await api.SendAsync(
            (gateway, ct) => gateway.Manage_SetConsentAsync(new ConsentRequest { Token = Token, ConsentToUpdates = ConsentToUpdates }, ct), cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        Done = ConsentToUpdates
            ? "You will get the movement's updates by mail. You can stop them here at any time."
            : "You will get no more updates by mail. Your pledge still counts.";
        return await ShowAsync(result.Value!, cancellationToken);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken)
    {
        var result = await api.SendAsync((gateway, ct) => gateway.Manage_WithdrawAsync(new TokenRequest { Token = Token }, ct), cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        Done = "Your pledge is withdrawn: you no longer count toward the total. Thank you for having been with us.";
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        var result = await api.SendAsync((gateway, ct) => gateway.Manage_EraseAsync(new TokenRequest { Token = Token }, ct), cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        Done = "Your data is erased. This link no longer works.";
        Token = null;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var result = await api.SendAsync((gateway, ct) => gateway.Manage_ShowAsync(new TokenRequest { Token = Token }, ct), cancellationToken);
        if (!result.Ok)
        {
            ShowProblem(result);
            return Page();
        }

        return await ShowAsync(result.Value!, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(ManagedPledge pledge, CancellationToken cancellationToken)
    {
        Pledge = pledge;
        if (pledge.Status == "confirmed")
        {
            Share = await ShareLink.ForAsync(api, Request, pledge.ReferralCode, cancellationToken);
        }

        return Page();
    }
}
