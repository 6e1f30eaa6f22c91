using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages.Coalition;

public sealed class ApplyConfirmModel(ApiClient api) : TokenActionPage<ConfirmationResponse>(api)
{
    public override string Heading => "Confirm your application";

    public override string Explanation => "Press the button to confirm this is your organization's contact address. A moderator then reviews the application.";

    public override string ButtonText => "Confirm the application";

    protected override Task<ConfirmationResponse> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Applications_ConfirmAsync(token, cancellationToken);

    protected override string Describe(ConfirmationResponse answer) =>
        "Thank you! The application is with our moderators; we will mail you either way, with your organization's code if approved.";
}
