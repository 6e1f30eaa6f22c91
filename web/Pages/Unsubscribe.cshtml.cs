using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// The unsubscribe link of every update. Opening it shows one button; a POST to it (that button, or a mailbox
/// provider's one-click unsubscribe, RFC 8058, with the token in the URL and no cookies) stops updates at once,
/// and the answer offers to start them again.
/// </summary>
public sealed class UnsubscribeModel(ApiClient api) : TokenActionPage<UpdatesConsent>(api)
{
    public override string Heading => "Stop the updates";

    public override string Explanation => "You get the movement's updates by mail because you asked for them. One press stops them; your pledge still counts.";

    public override string ButtonText => "Stop the updates";

    /// <summary>Set once the supporter asked for updates again.</summary>
    public bool Resubscribed { get; private set; }

    protected override Task<UpdatesConsent> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Unsubscribe_UnsubscribeAsync(token, cancellationToken);

    protected override string Describe(UpdatesConsent answer) => "Done: you will get no more updates by mail. Your pledge still counts.";

    public async Task<IActionResult> OnPostResubscribeAsync(CancellationToken cancellationToken)
    {
        var result = await Api.SendAsync((gateway, ct) => gateway.Unsubscribe_ResubscribeAsync(new TokenRequest { Token = Token }, ct), cancellationToken);
        if (result.Ok)
        {
            Resubscribed = true;
            Outcome = "Welcome back: you will get the movement's updates by mail again.";
        }
        else
        {
            ShowProblem(result);
        }

        return Page();
    }
}
