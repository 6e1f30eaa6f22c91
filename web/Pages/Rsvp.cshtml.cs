using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class RsvpModel(ApiClient api) : TokenActionPage<StatusResponse>(api)
{
    public override string Heading => "Confirm your place";

    public override string Explanation => "Press the button to confirm your place at the event. Opening this link alone changes nothing.";

    public override string ButtonText => "Confirm my place";

    protected override Task<StatusResponse> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Events_ConfirmRsvpAsync(token, cancellationToken);

    protected override string Describe(StatusResponse answer) => answer.Status == "waitlisted" ? $"The event is full: you are number {answer.Position} on the waiting list. We will mail you the moment a place frees up." : "You are registered. See you there! We will mail you a reminder the day before.";
}
