using FlexPlatform.Content.Domain;
using FlexPlatform.Domain.Text;
using Xunit;

namespace FlexPlatform.Content.Tests;

public sealed class PostRequestTests
{
    [Fact]
    public void Post_needs_kind_title_summary_body_and_author()
    {
        var errors = new PostRequest(null, "", null, null, null, null, null).Validate().ToDictionary();

        Assert.Equal(["author", "body", "kind", "summary", "title"], errors.Keys.Order().ToArray());
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("trailing-")]
    [InlineData("UPPER")]
    public void Slug_must_be_lowercase_words_joined_by_dashes(string slug) =>
        Assert.Contains("slug", new PostRequest("news", "t", "s", "b", null, slug, "a").Validate().ToDictionary().Keys);

    [Theory]
    [InlineData("Acme & Söhne, Inc.", "acme-sohne-inc")]
    [InlineData("  --  ", "fallback")]
    [InlineData("The 4-Day Week!", "the-4-day-week")]
    public void Slugs_are_readable_ascii(string text, string expected) =>
        Assert.Equal(expected, Slugs.From(text, "fallback"));
}
