using System.Text.Json;
using FlexPlatform.Web.Api;

namespace FlexPlatform.Web.Pages;

public sealed class SignModel(ApiClient api) : TokenActionPage(api)
{
    public override string Heading => "Confirm your signature";

    public override string Explanation => "Press the button to add your signature to the petition. Opening this link alone changes nothing.";

    public override string ButtonText => "Sign the petition";

    protected override string ApiPath => "/api/engagement/signatures/confirm";

    protected override string Describe(JsonElement answer) => $"Thank you, your signature counts. The petition now has {Counts.Of(answer.GetProperty("signatures").GetInt64(), "signature", "signatures")}.";
}
