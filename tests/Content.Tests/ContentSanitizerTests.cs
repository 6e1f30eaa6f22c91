using FlexPlatform.Content.Domain;
using FlexPlatform.Domain.Text;
using Xunit;

namespace FlexPlatform.Content.Tests;

/// <summary>Raw HTML straight into the sanitizer, past Markdig: the sanitizer alone must make it safe.</summary>
public sealed class ContentSanitizerTests
{
    private readonly ContentSanitizer _sanitizer = new();

    [Theory]
    [InlineData("<p>hi</p><script>alert(1)</script>", "<script")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<a href=\"  JaVaScRiPt:alert(1)\">x</a>", "javascript:")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">x</a>", "script:")]
    [InlineData("<img src=\"x\" onerror=\"alert(1)\">", "onerror")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<svg onload=\"alert(1)\"><script>alert(2)</script></svg>", "<svg")]
    [InlineData("<svg><script>alert(2)</script></svg>", "alert(2)")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "style")]
    [InlineData("<object data=\"x.swf\"></object>", "<object")]
    [InlineData("<form action=\"https://evil.example\"><input name=p></form>", "<form")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:")]
    [InlineData("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "javascript:")]
    public void Hostile_html_does_not_survive_the_sanitizer(string html, string forbidden) =>
        Assert.DoesNotContain(forbidden, _sanitizer.Sanitize(html), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Ordinary_markup_and_safe_links_survive()
    {
        var html = _sanitizer.Sanitize("<p><strong>Flex</strong> <a href=\"https://example.org\">works</a></p>");

        Assert.Contains("<strong>Flex</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_is_escaped_not_interpreted()
    {
        var html = new MarkdownRenderer(_sanitizer).PlainToHtml("I <3 flex <script>alert(1)</script>\n\nSecond paragraph");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;3", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<p>").Length - 1);
    }

    [Fact]
    public void Control_characters_and_bidi_overrides_are_removed_line_breaks_kept() =>
        Assert.Equal("ab\ncd\te", PlainText.Clean("a\u0000b\r\nc\u202Ed\te\u0007"));
}
