using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// A public page is the same for everyone (no cookies, no antiforgery tokens) and the gateway's output cache keeps
/// it a second already: saying so (<c>public, max-age=1</c>) lets the gateway's front cache answer a plain request
/// for it from memory too. A page that says otherwise (the mail-link pages' <c>no-store</c>) and the staff console
/// (<c>no-store</c>) keep their own word; an error page says nothing.
/// </summary>
public sealed class PublicPages : IAsyncPageFilter
{
    public const string CacheControl = "public, max-age=1";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/staff"))
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode == StatusCodes.Status200OK && !http.Response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    http.Response.Headers.CacheControl = CacheControl;
                }

                return Task.CompletedTask;
            });
        }

        return next();
    }
}
