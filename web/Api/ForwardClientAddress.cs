namespace FlexPlatform.Web.Api;

/// <summary>
/// The web server calls the gateway for every visitor: passing the visitor's address on keeps the
/// gateway's per-client limits per visitor rather than one shared bucket for the whole site.
/// </summary>
public sealed class ForwardClientAddress(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } visitor)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", visitor.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
