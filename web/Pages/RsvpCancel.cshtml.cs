using System.Text.Json;
using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class RsvpCancelModel(ApiClient api) : TokenActionPage(api)
{
    public override string Heading => "Cancel your place";

    public override string Explanation => "Can't make it? Free your place for someone on the waiting list.";

    public override string ButtonText => "Cancel my place";

    protected override string ApiPath => "/api/engagement/rsvps/cancel";

    protected override string Describe(JsonElement answer) => "Your place is cancelled. Thank you for letting someone else have it.";
}
