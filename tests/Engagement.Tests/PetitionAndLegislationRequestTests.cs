using FlexPlatform.Engagement.Domain;
using Xunit;

namespace FlexPlatform.Engagement.Tests;

public sealed class PetitionAndLegislationRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(null)]
    public void Petition_goal_must_be_positive(long? goal)
    {
        var request = new PetitionRequest("t", "s", "b", "The Senate", goal, Now.AddDays(10), null);

        Assert.Contains("goal", request.Validate(Now).ToDictionary().Keys);
    }

    [Fact]
    public void Petition_must_close_in_the_future()
    {
        var request = new PetitionRequest("t", "s", "b", "The Senate", 100, Now.AddDays(-1), null);

        Assert.Contains("closesAt", request.Validate(Now).ToDictionary().Keys);
    }

    [Fact]
    public void Invalidation_takes_exactly_one_way_of_choosing()
    {
        Assert.True(new InvalidationRequest("spam.example", null, null, null).Validate().IsValid);
        Assert.True(new InvalidationRequest(null, Now, Now.AddHours(1), null).Validate().IsValid);
        Assert.True(new InvalidationRequest(null, null, null, [Guid.NewGuid()]).Validate().IsValid);
        Assert.False(new InvalidationRequest(null, null, null, null).Validate().IsValid);
        Assert.False(new InvalidationRequest("spam.example", null, null, [Guid.NewGuid()]).Validate().IsValid);
        Assert.Contains("to", new InvalidationRequest(null, Now, null, null).Validate().ToDictionary().Keys);
        Assert.Contains("emailDomain", new InvalidationRequest("someone@spam.example", null, null, null).Validate().ToDictionary().Keys);
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("US-CA", true)]
    [InlineData("GB", true)]
    [InlineData("GB-SCT", true)]
    [InlineData("XX", false)]
    [InlineData("us-ca", false)]
    [InlineData("US-", false)]
    [InlineData("Narnia", false)]
    public void Jurisdictions_are_iso_3166_codes(string value, bool valid) =>
        Assert.Equal(valid, Legislation.IsJurisdiction(value));

    [Fact]
    public void Unknown_stage_and_position_are_refused()
    {
        var bill = new LegislationRequest("t", "US", "HB 1", "s", "maybe", null, "tabled");
        var action = new LegislationActionRequest("tabled", "note", new DateOnly(2026, 1, 1));

        var keys = bill.Validate().ToDictionary().Keys;
        Assert.Contains("stage", keys);
        Assert.Contains("position", keys);
        Assert.Contains("stage", action.Validate(Now).ToDictionary().Keys);
        Assert.Contains("occurredOn", (action with { Stage = "signed", OccurredOn = new DateOnly(2027, 1, 1) }).Validate(Now).ToDictionary().Keys);
    }
}
