using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class CommentConfirmModel(ApiClient api) : TokenActionPage<SubmissionStatus>(api)
{
    public override string Heading => "Confirm your comment";

    public override string Explanation => "Press the button to publish your comment.";

    public override string ButtonText => "Publish my comment";

    protected override Task<SubmissionStatus> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Comments_ConfirmAsync(token, cancellationToken);

    protected override string Describe(SubmissionStatus answer) => answer.Status == "published" ? "Your comment is published." : "Your comment is waiting for a moderator.";
}
