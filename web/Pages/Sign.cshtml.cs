using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class SignModel(ApiClient api) : TokenActionPage<SignatureConfirmed>(api)
{
    public override string Heading => "Confirm your signature";

    public override string Explanation => "Press the button to add your signature to the petition. Opening this link alone changes nothing.";

    public override string ButtonText => "Sign the petition";

    protected override Task<SignatureConfirmed> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken) =>
        gateway.Petitions_ConfirmAsync(token, cancellationToken);

    protected override string Describe(SignatureConfirmed answer) => $"Thank you, your signature counts. The petition now has {Counts.Of(answer.Signatures, "signature", "signatures")}.";
}
