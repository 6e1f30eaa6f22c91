using FlexPlatform.Content.Domain;
using FlexPlatform.Domain;
using Xunit;

namespace FlexPlatform.Content.Tests;

public sealed class RequestValidationTests
{
    private static StoryRequest Story(bool? consent = true, string email = "sara@example.org", string firstName = "Sara") =>
        new(firstName, "Smith", email, "Four days", "It works.", "US", "CO", consent);

    [Fact]
    public void A_complete_story_is_valid() => Assert.True(Story().Validate().IsValid);

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void A_story_needs_consent_to_publish(bool? consent) =>
        Assert.Contains("consentToPublish", Story(consent).Validate().ToDictionary().Keys);

    [Theory]
    [InlineData("<b>Sara</b>")]
    [InlineData("sara@example.org")]
    [InlineData("Sa\u0000ra")]
    public void Names_carry_no_markup_emails_or_control_characters(string name) =>
        Assert.Contains("firstName", Story(firstName: name).Validate().ToDictionary().Keys);

    [Fact]
    public void A_comment_needs_a_name_an_address_and_a_body() =>
        Assert.Equal(["body", "displayName", "email"], new CommentRequest(null, "nope", " ").Validate().ToDictionary().Keys.Order().ToArray());

    [Theory]
    [InlineData("spam", true)]
    [InlineData("off-topic", true)]
    [InlineData("boring", false)]
    public void Reports_name_one_of_three_reasons(string reason, bool valid) =>
        Assert.Equal(valid, new ReportRequest(reason, null).Validate().IsValid);

    [Fact]
    public void Post_kinds_are_the_six_of_the_api() =>
        Assert.Equal(["blog", "idea", "news", "press", "research", "trend"], PostRequest.Kinds.Order().ToArray());

    [Theory]
    [InlineData("editor@example.org")]
    [InlineData("Ed\u0007itor")]
    public void A_post_author_is_a_name_never_an_email(string author) =>
        Assert.Contains("author", new PostRequest("news", "t", "s", "b", null, null, author).Validate().ToDictionary().Keys);

    [Theory]
    [InlineData(0, 20, "page")]
    [InlineData(1, 101, "pageSize")]
    [InlineData(1, 0, "pageSize")]
    public void Post_paging_is_bounded(int page, int pageSize, string field) =>
        Assert.Contains(field, new PostQuery(null, null, null, page, pageSize).Validate().ToDictionary().Keys);

    [Theory]
    [InlineData("Sara", "Smith", "Sara S.")]
    [InlineData("Sara", "", "Sara")]
    [InlineData(" ana ", "de la cruz", "ana D.")]
    public void Authors_show_as_first_name_and_last_initial(string first, string last, string expected) =>
        Assert.Equal(expected, DisplayNames.Of(first, last));
}
