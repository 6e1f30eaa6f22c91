using FlexPlatform.Content.Domain;

namespace FlexPlatform.Content.Moderation;

/// <summary>A fingerprint of who is calling: the client address the gateway forwarded (or the peer's), hashed, never stored raw.</summary>
public static class ClientAddress
{
    public static string FingerprintOf(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var address = forwarded.Length > 0 ? forwarded.Split(',')[0].Trim() : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Tokens.Fingerprint("client:" + address);
    }
}
