using FlexPlatform.Engagement.Domain;
using Xunit;

namespace FlexPlatform.Engagement.Tests;

public sealed class PetitionAndSignatureRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closes = Now.AddDays(30);
    private static readonly DateTimeOffset LinkGood = Now.AddDays(1);

    [Fact]
    public void A_petition_is_open_until_the_instant_it_closes()
    {
        Assert.True(Petition.IsOpen(Closes, Now));
        Assert.True(Petition.IsOpen(Closes, Closes.AddTicks(-1)));
        Assert.False(Petition.IsOpen(Closes, Closes));
    }

    [Fact]
    public void A_closed_petition_succeeded_only_if_it_reached_its_goal()
    {
        Assert.Equal("open", Petition.State(Closes, goalReached: true, Now));
        Assert.Equal("open", Petition.State(Closes, goalReached: false, Now));
        Assert.Equal("successful", Petition.State(Closes, goalReached: true, Closes));
        Assert.Equal("closed", Petition.State(Closes, goalReached: false, Closes));
    }

    [Fact]
    public void An_invalidated_signature_answers_as_unknown_and_a_confirmed_one_stays_confirmed_even_after_closing()
    {
        Assert.Equal(SignatureConfirmation.Unknown, Signature.Confirm(Signature.Invalidated, LinkGood, Closes, Now));
        Assert.Equal(SignatureConfirmation.Unknown, Signature.Confirm(Signature.Invalidated, Now.AddDays(-1), Now.AddDays(-1), Now));
        Assert.Equal(SignatureConfirmation.AlreadyConfirmed, Signature.Confirm(Signature.Confirmed, LinkGood, Closes, Now));
        Assert.Equal(SignatureConfirmation.AlreadyConfirmed, Signature.Confirm(Signature.Confirmed, Now.AddDays(-1), Now.AddDays(-1), Now));
    }

    [Fact]
    public void A_pending_signature_counts_while_the_petition_is_open_and_its_link_is_good()
    {
        Assert.Equal(SignatureConfirmation.Count, Signature.Confirm("pending", LinkGood, Closes, Now));
    }

    [Fact]
    public void A_pending_signature_on_a_closed_petition_is_refused_before_its_expiry_is_looked_at()
    {
        Assert.Equal(SignatureConfirmation.Closed, Signature.Confirm("pending", Now.AddDays(-1), Now, Now));
        Assert.Equal(SignatureConfirmation.Closed, Signature.Confirm("pending", LinkGood, Now.AddMinutes(-1), Now));
    }

    [Fact]
    public void A_pending_signature_expires_at_the_end_of_its_link_lifetime()
    {
        Assert.Equal(SignatureConfirmation.Expired, Signature.Confirm("pending", Now, Closes, Now));
        Assert.Equal(SignatureConfirmation.Count, Signature.Confirm("pending", Now.AddTicks(1), Closes, Now));
    }
}
