using System.Text.Json;
using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class CommentConfirmModel(ApiClient api) : TokenActionPage(api)
{
    public override string Heading => "Confirm your comment";

    public override string Explanation => "Press the button to publish your comment.";

    public override string ButtonText => "Publish my comment";

    protected override string ApiPath => "/api/content/comments/confirm";

    protected override string Describe(JsonElement answer) => Text(answer, "status") == "published" ? "Your comment is published." : "Your comment is waiting for a moderator.";
}
