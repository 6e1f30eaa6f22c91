using FlexPlatform.ServiceDefaults.Mail;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// The site's public address for links that leave the page (share links, previews): the configured one
/// (<c>Mail:PublicBaseUrl</c>, which the mails link to as well), since behind a TLS-ending ingress the request
/// reaches the site as http; without one (a local run on any port), the request's own.
/// </summary>
public static class SiteOrigin
{
    public static string Of(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IConfiguration>()[$"{MailOptions.Section}:{nameof(MailOptions.PublicBaseUrl)}"];
        return string.IsNullOrWhiteSpace(configured) ? $"{context.Request.Scheme}://{context.Request.Host}" : configured.TrimEnd('/');
    }
}
