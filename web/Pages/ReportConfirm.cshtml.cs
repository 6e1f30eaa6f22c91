using System.Text.Json;
using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class ReportConfirmModel(ApiClient api) : TokenActionPage(api)
{
    public override string Heading => "Confirm your report";

    public override string Explanation => "Press the button to confirm it was you who reported this comment. Three confirmed reports hide it until a moderator decides.";

    public override string ButtonText => "Confirm my report";

    protected override string ApiPath => "/api/content/comments/reports/confirm";

    protected override string Describe(JsonElement answer) => "Thank you! Your report counts; a moderator will look at the comment.";
}
