using FlexPlatform.ServiceDefaults.Security;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// Each admin call the console makes carries a five-minute token naming the signed-in member of staff and their role,
/// so the gateway and the service check that person's role and audit the write under their name.
/// </summary>
public sealed class StaffBearer(IHttpContextAccessor accessor, StaffTokens tokens) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user)
        {
            request.Headers.Authorization = new("Bearer", tokens.Create(user.Email(), user.Role()));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
