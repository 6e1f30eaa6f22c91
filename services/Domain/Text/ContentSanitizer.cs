using Ganss.Xss;

namespace FlexPlatform.Domain.Text;

/// <summary>
/// The last word on what HTML reaches a reader: an allow-list of tags, attributes and URL schemes.
/// Markdig is told not to pass raw HTML through as well, but this is what makes the output safe.
/// </summary>
public sealed class ContentSanitizer
{
    private readonly HtmlSanitizer _sanitizer = Create();

    public string Sanitize(string html) => _sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.ExceptWith(["form", "input", "button", "textarea", "select", "iframe", "frame", "object", "embed", "svg", "math", "style", "link", "meta", "base"]);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links leave the site without handing it a referrer or a window handle.
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
