namespace FlexPlatform.Bench;

/// <summary>The yardstick: Kestrel answering a constant, no proxy, no cache, no database.</summary>
public static class BareEndpoint
{
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<WebApplication> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("""{"total":0,"goal":1000000}""", "application/json"));
        await app.StartAsync();
        return app;
    }
}
