using System.Text.Json;
using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class RsvpModel(ApiClient api) : TokenActionPage(api)
{
    public override string Heading => "Confirm your place";

    public override string Explanation => "Press the button to confirm your place at the event. Opening this link alone changes nothing.";

    public override string ButtonText => "Confirm my place";

    protected override string ApiPath => "/api/engagement/rsvps/confirm";

    protected override string Describe(JsonElement answer) => Text(answer, "status") == "waitlisted" ? $"The event is full: you are number {Text(answer, "position")} on the waiting list. We will mail you the moment a place frees up." : "You are registered. See you there! We will mail you a reminder the day before.";
}
