using System.Net;
using Markdig;

namespace FlexPlatform.Domain.Text;

/// <summary>Markdown (posts) and plain text (stories, comments) to HTML that is safe to embed.</summary>
public sealed class MarkdownRenderer(ContentSanitizer sanitizer)
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    public string ToHtml(string markdown) => sanitizer.Sanitize(Markdown.ToHtml(PlainText.Clean(markdown), _pipeline));

    /// <summary>Paragraphs of escaped text: what supporters write is never interpreted as markup.</summary>
    public string PlainToHtml(string text) => sanitizer.Sanitize(string.Concat(
        PlainText.Clean(text).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>")));
}
