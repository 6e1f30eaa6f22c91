using FlexPlatform.ServiceDefaults.Security;

namespace FlexPlatform.Content.Moderation;

/// <summary>
/// A fingerprint of who is calling, a keyed hash (<see cref="KeyedHash"/>), never stored raw: the address the gateway verified and set as the one
/// <c>X-Forwarded-For</c> entry (from trusted proxies only), else the peer's. The last entry is the nearest proxy's
/// word; an entry a caller wrote ahead of it is never believed.
/// </summary>
public static class ClientAddress
{
    public static string FingerprintOf(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var address = forwarded.Length > 0 ? forwarded.Split(',')[^1].Trim() : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return context.RequestServices.GetRequiredService<KeyedHash>().Of("client", address);
    }
}
