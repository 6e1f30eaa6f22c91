using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class ReportConfirmModel(ApiClient api) : TokenActionPage<SubmissionStatus>(api)
{
    public override string Heading => "Confirm your report";

    public override string Explanation => "Press the button to confirm it was you who reported this comment. Three confirmed reports hide it until a moderator decides.";

    public override string ButtonText => "Confirm my report";

    protected override Task<SubmissionStatus> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Comments_ConfirmReportAsync(token, cancellationToken);

    protected override string Describe(SubmissionStatus answer) => "Thank you! Your report counts; a moderator will look at the comment.";
}
