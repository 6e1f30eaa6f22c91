using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class RsvpCancelModel(ApiClient api) : TokenActionPage<StatusResponse>(api)
{
    public override string Heading => "Cancel your place";

    public override string Explanation => "Can't make it? Free your place for someone on the waiting list.";

    public override string ButtonText => "Cancel my place";

    protected override Task<StatusResponse> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Events_CancelRsvpAsync(token, cancellationToken);

    protected override string Describe(StatusResponse answer) => "Your place is cancelled. Thank you for letting someone else have it.";
}
