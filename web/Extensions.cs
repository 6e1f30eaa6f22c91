using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Preview;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlexPlatform.Web;

public static class Extensions
{
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        // The gateway's public API through the client generated from its document, as a mobile app calls it (services__gateway__http__0).
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<ForwardClientAddress>();
        builder.Services.AddHttpClient<GatewayApi>().ForPageSomeoneWaitsAt();
        builder.Services.AddTransient<ApiClient>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PreviewImage>();
        builder.AddStaffConsole();

        // No antiforgery tokens: visitors have no cookie or session a forged post could ride on, pages stay cacheable at
        // the gateway, and cross-site posts are refused from Fetch Metadata and Origin (UseCrossSiteWriteGuard below).
        // Staff sessions are SameSite=Strict cookies behind the same guard, scoped to /staff.
        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute());
            pages.Conventions.ConfigureFilter(new Pages.PublicPages());
            pages.Conventions.AuthorizeStaffPages();
        });
        return builder;
    }

    public static WebApplication UseWebPages(this WebApplication app)
    {
        // Behind the gateway: the visitor's address, scheme and host come in X-Forwarded-* headers.
        app.UseForwardedHeaders(TrustedProxies.ForwardedHeaders(
            app.Configuration, ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost));
        // The gateway refuses cross-site form posts already; the site refuses them again should it ever be reached directly.
        app.UseCrossSiteWriteGuard(_ => false);
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            return next(context);
        });
        app.UseStaticFiles();
        app.UseStaffConsole();
        app.MapRazorPages();
        // The picture link previews show (og:image): drawn at most once a minute, and cacheable for as long as it is kept.
        app.MapGet("/preview.png", PreviewImage.ServeAsync);
        return app;
    }
}
