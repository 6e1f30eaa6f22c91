using FlexPlatform.Domain;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>The one email rule every service applies (each service's own tests prove it is this one).</summary>
public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("Sara@Example.org", "sara@example.org")]
    [InlineData("  sara@example.org ", "sara@example.org")]
    [InlineData("Jane.Doe+flex@gmail.com", "janedoe@gmail.com")]
    [InlineData("jane.doe@googlemail.com", "janedoe@gmail.com")]
    [InlineData("jane.doe+x@example.org", "jane.doe+x@example.org")]
    [InlineData("José@Exämple.org", "josé@exämple.org")]
    public void Normalizes_to_one_identity_per_person(string email, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(email));

    [Theory]
    [InlineData("sara@example.org", true)]
    [InlineData("josé@exämple.org", true)]
    [InlineData("sara@localhost", false)]
    [InlineData("Sara <sara@example.org>", false)]
    [InlineData("sara @example.org", false)]
    [InlineData("sara@example.org\u0000", false)]
    [InlineData("@example.org", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void One_rule_for_a_valid_address(string? email, bool valid) =>
        Assert.Equal(valid, EmailAddress.IsValid(email));
}
