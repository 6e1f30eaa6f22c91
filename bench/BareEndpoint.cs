namespace FlexPlatform.Bench;

/// <summary>The yardstick: Kestrel answering a constant, no proxy, no cache, no database.</summary>
public static class BareEndpoint
{
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
