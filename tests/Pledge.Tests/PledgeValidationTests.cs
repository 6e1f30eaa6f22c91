using FlexPlatform.Pledge.Domain;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

public sealed class PledgeValidationTests
{
    private static PledgeRequest Valid() => new(
        "Sara", "Smith", "sara@example.org", "US", "CO", "80302", ["parent"], ["telecommuting"],
        "Because.", ConsentToUpdates: true, ListPublicly: true, ReferralCode: null, OrganizationCode: null);

    [Fact]
    public void Complete_pledge_is_valid() => Assert.True(Valid().Validate().IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.org")]
    [InlineData("Sara <sara@example.org>")]
    [InlineData("sara@localhost")]
    [InlineData("sa ra@example.org")]
    public void Bad_email_is_named(string email) =>
        Assert.Contains("email", (Valid() with { Email = email }).Validate().ToDictionary().Keys);

    [Fact]
    public void Email_longer_than_254_characters_is_rejected() =>
        Assert.Contains("email", (Valid() with { Email = new string('a', 250) + "@x.org" }).Validate().ToDictionary().Keys);

    [Theory]
    [InlineData("XX")]
    [InlineData("us")]
    [InlineData("USA")]
    public void Unknown_country_is_named(string country) =>
        Assert.Contains("country", (Valid() with { Country = country }).Validate().ToDictionary().Keys);

    [Fact]
    public void Us_region_must_be_a_state_code()
    {
        Assert.Contains("region", (Valid() with { Region = "Colorado" }).Validate().ToDictionary().Keys);
        Assert.True((Valid() with { Region = "DC" }).Validate().IsValid);
    }

    [Fact]
    public void Region_outside_the_us_is_free_text() =>
        Assert.True((Valid() with { Country = "GB", Region = "Greater Manchester" }).Validate().IsValid);

    [Fact]
    public void Why_is_limited_to_500_characters()
    {
        Assert.True((Valid() with { Why = new string('w', 500) }).Validate().IsValid);
        Assert.Contains("why", (Valid() with { Why = new string('w', 501) }).Validate().ToDictionary().Keys);
    }

    [Fact]
    public void Personas_and_flexibility_come_from_the_listed_values()
    {
        var errors = (Valid() with { Personas = ["astronaut"], Flexibility = ["four-hour-week"] }).Validate().ToDictionary();

        Assert.Contains("personas", errors.Keys);
        Assert.Contains("flexibility", errors.Keys);
    }

    [Theory]
    [InlineData("ABC")]
    [InlineData("22jv7cd0")]
    [InlineData("22JV7CDB")]
    public void Malformed_referral_code_is_named(string code) =>
        Assert.Contains("referralCode", (Valid() with { ReferralCode = code }).Validate().ToDictionary().Keys);

    [Fact]
    public void Control_characters_in_names_are_rejected() =>
        Assert.Contains("firstName", (Valid() with { FirstName = "Sa\u0000ra" }).Validate().ToDictionary().Keys);
}
