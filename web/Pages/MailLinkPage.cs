using Microsoft.AspNetCore.Mvc.Filters;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// A page behind a mailed link with a token in its URL: opening it changes nothing (its button POSTs),
/// and it is never cached nor hands the URL to another site.
/// </summary>
public abstract class MailLinkPage : FormPageModel
{
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
        base.OnPageHandlerExecuting(context);
    }
}
