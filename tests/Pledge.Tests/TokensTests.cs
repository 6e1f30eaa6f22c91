using FlexPlatform.Contracts.Pledge;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Domain;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

public sealed class TokensTests
{
    [Fact]
    public void Secrets_are_unguessable_and_well_formed()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => Tokens.NewSecret()).ToHashSet();

        Assert.Equal(1000, secrets.Count);
        Assert.All(secrets, s => Assert.True(Tokens.IsWellFormed(s)));
    }

    [Fact]
    public void Only_a_hash_of_the_secret_is_stored_and_it_is_stable()
    {
        var secret = Tokens.NewSecret();

        Assert.Equal(Tokens.Hash(secret), Tokens.Hash(secret));
        Assert.Equal(32, Tokens.Hash(secret).Length);
        Assert.NotEqual(Tokens.Hash(secret), Tokens.Hash(Tokens.NewSecret()));
    }

    [Fact]
    public void Referral_codes_use_only_unambiguous_characters() =>
        Assert.All(Enumerable.Range(0, 500).Select(_ => Tokens.NewReferralCode()), code =>
        {
            Assert.True(ReferralCode.IsWellFormed(code));
            Assert.DoesNotContain(code, c => c is '0' or 'o' or '1' or 'l' or 'i');
        });
}
