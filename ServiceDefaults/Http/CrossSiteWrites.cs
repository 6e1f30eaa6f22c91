using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlexPlatform.ServiceDefaults.Http;

/// <summary>
/// Refuses a write a browser sends on another site's behalf (a form or script on evil.example making a visitor
/// sign, report or RSVP), from the Fetch Metadata and Origin headers every current browser sends: no token, so
/// pages stay cacheable at the gateway and need no cookie. A request with neither header (curl, a mobile app,
/// a server) is not a browser's and passes; so does one from an origin the API allows (<c>Gateway:AllowedOrigins</c>).
/// </summary>
public static class CrossSiteWrites
{
    public static IApplicationBuilder UseCrossSiteWriteGuard(this IApplicationBuilder app, Func<string, bool> isAllowedOrigin) =>
        app.Use((context, next) => IsCrossSiteWrite(context.Request, isAllowedOrigin)
            ? Results.Problem(title: "Cross-site request refused: send it from this site's own pages.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context)
            : next(context));

    public static bool IsCrossSiteWrite(HttpRequest request, Func<string, bool> isAllowedOrigin)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && isAllowedOrigin(origin))
        {
            return false;
        }

        // Fetch Metadata first: the browser itself says whether the page that sent this is this site.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        return origin.Length > 0 && !IsSameOrigin(origin, request);
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
