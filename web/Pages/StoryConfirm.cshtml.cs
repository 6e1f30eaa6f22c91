using System.Text.Json;
using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class StoryConfirmModel(ApiClient api) : TokenActionPage(api)
{
    public override string Heading => "Confirm your story";

    public override string Explanation => "Press the button to confirm it was you who shared this story. A moderator reads every story before it appears.";

    public override string ButtonText => "Confirm my story";

    protected override string ApiPath => "/api/content/stories/confirm";

    protected override string Describe(JsonElement answer) => "Thank you! Your story is with our moderators; you will see it on the site once approved.";
}
