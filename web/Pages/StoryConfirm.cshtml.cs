using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class StoryConfirmModel(ApiClient api) : TokenActionPage<SubmissionStatus>(api)
{
    public override string Heading => "Confirm your story";

    public override string Explanation => "Press the button to confirm it was you who shared this story. A moderator reads every story before it appears.";

    public override string ButtonText => "Confirm my story";

    protected override Task<SubmissionStatus> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Stories_ConfirmAsync(token, cancellationToken);

    protected override string Describe(SubmissionStatus answer) => "Thank you! Your story is with our moderators; you will see it on the site once approved.";
}
