using FlexPlatform.Content.Domain;
using Xunit;

namespace FlexPlatform.Content.Tests;

public sealed class SpamScorerTests
{
    private const string Honest = "I work four days a week now and I am home when my kids get back from school. My team got better at planning.";

    private static SpamVerdict Score(string text, int fromAddress = 1, int fromClient = 1, bool? supporter = null) =>
        SpamScorer.Score(new SpamSignals(text, fromAddress, fromClient, supporter));

    [Fact]
    public void An_honest_story_scores_low_and_a_confirmed_supporter_lower()
    {
        Assert.False(Score(Honest, supporter: false).IsHeld);
        Assert.Equal(0, Score(Honest, supporter: true).Score);
        Assert.Contains(Score(Honest, supporter: true).Reasons, r => r.Contains("confirmed supporter", StringComparison.Ordinal));
        Assert.Contains("supporter status unknown (+0)", Score(Honest, supporter: null).Reasons);
    }

    [Fact]
    public void Links_add_up_and_say_how_many()
    {
        var verdict = Score("See https://a.example and http://b.example and www.c.example");

        Assert.Equal(6, verdict.Score);
        Assert.True(verdict.IsHeld);
        Assert.Contains("3 links (+6)", verdict.Reasons);
    }

    [Theory]
    [InlineData("Click here to win")]
    [InlineData("BUY NOW while stocks last")]
    [InlineData("Earn $500 a day")]
    public void Known_spam_phrases_are_named(string text) =>
        Assert.Contains(Score(text).Reasons, r => r.StartsWith("known spam phrase", StringComparison.Ordinal));

    [Fact]
    public void Repeated_text_is_caught()
    {
        Assert.Contains(Score("flex flex flex flex flex flex flex flex is great").Reasons, r => r.StartsWith("repeated text", StringComparison.Ordinal));
        Assert.Contains(Score("Great platform!\nGreat platform!\nGreat platform!").Reasons, r => r.StartsWith("repeated text", StringComparison.Ordinal));
        Assert.Contains(Score("Wow!!!!!!!!!!!!").Reasons, r => r.StartsWith("repeated text", StringComparison.Ordinal));
        Assert.DoesNotContain(Score(Honest).Reasons, r => r.StartsWith("repeated text", StringComparison.Ordinal));
    }

    [Fact]
    public void Submission_rates_per_address_and_per_client_count()
    {
        Assert.Contains(Score(Honest, fromAddress: SpamScorer.AddressesPerDay + 1).Reasons, r => r.Contains("from this address", StringComparison.Ordinal));
        Assert.Contains(Score(Honest, fromClient: SpamScorer.ClientsPerHour + 1).Reasons, r => r.Contains("from this client", StringComparison.Ordinal));
        Assert.DoesNotContain(Score(Honest, fromAddress: SpamScorer.AddressesPerDay, fromClient: SpamScorer.ClientsPerHour).Reasons,
            r => r.Contains("submissions", StringComparison.Ordinal));
    }

    [Fact]
    public void A_classic_spam_story_is_held_with_every_reason()
    {
        var verdict = Score("CLICK HERE to EARN $500 A DAY!!!!!!!!!! https://spam.example https://spam.example/2 BUY NOW", fromAddress: 6, supporter: false);

        Assert.True(verdict.IsHeld);
        Assert.True(verdict.Reasons.Count >= 5);
    }

    [Fact]
    public void Score_never_goes_below_zero() =>
        Assert.Equal(0, Score("Short.", supporter: true).Score);
}
