namespace FlexPlatform.Pledge.Api;

/// <summary>
/// The pages the confirmation mail links to. Opening one changes nothing: the page's button POSTs.
/// The token sits in the URL, so the pages never send a referrer and are never cached.
/// </summary>
public static class PagesApi
{
    private const string Policy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapPledgePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/confirm", (HttpContext context) => Page(context, "confirm.html")).ExcludeFromDescription();
        app.MapGet("/manage", (HttpContext context) => Page(context, "manage.html")).ExcludeFromDescription();
        return app;
    }

    private static IResult Page(HttpContext context, string name)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        var page = typeof(PagesApi).Assembly.GetManifestResourceStream($"FlexPlatform.Pledge.Pages.{name}")!;
        return Results.Stream(page, "text/html; charset=utf-8");
    }
}
