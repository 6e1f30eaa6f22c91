namespace FlexPlatform.Web.Api;

/// <summary>The web server's clients of the gateway, each passing the visitor's address on (<see cref="ForwardClientAddress"/>).</summary>
public static class GatewayClients
{
    public static readonly Uri Address = new("http://gateway");

    /// <summary>
    /// A client for a page someone waits at (a visitor's, a member of staff's): ten seconds at most and one quick retry
    /// of a safe request instead of the standard backoff, so a section whose service is away says so at once.
    /// </summary>
    public static IHttpClientBuilder ForPageSomeoneWaitsAt(this IHttpClientBuilder http)
    {
        http.ConfigureHttpClient(client =>
        {
            client.BaseAddress = Address;
            client.Timeout = TimeSpan.FromSeconds(10);
        });
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the documented way for one client to leave the defaults
        return http.RemoveAllResilienceHandlers().AddInteractiveResilience().AddHttpMessageHandler<ForwardClientAddress>();
#pragma warning restore EXTEXP0001
    }
}
