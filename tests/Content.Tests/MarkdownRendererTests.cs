using FlexPlatform.Domain.Text;
using Xunit;

namespace FlexPlatform.Content.Tests;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new(new ContentSanitizer());

    [Fact]
    public void Renders_markdown_to_html()
    {
        var html = _renderer.ToHtml("# Flex\n\n*works*");

        Assert.Contains(">Flex</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p><em>works</em></p>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("[x](javascript:alert(1))", "javascript:")]
    [InlineData("<img src=x onerror=alert(1)>", "<img")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("![x](data:text/html;base64,PHNjcmlwdD4=)", "data:")]
    public void Hostile_markup_does_not_survive(string markdown, string forbidden) =>
        Assert.DoesNotContain(forbidden, _renderer.ToHtml(markdown), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Links_do_not_pass_referrer_or_window_handle() =>
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", _renderer.ToHtml("[flex](https://example.org)"), StringComparison.Ordinal);
}
