using FlexPlatform.Pledge.Domain;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("Sara@Example.org", "sara@example.org")]
    [InlineData("  sara@example.org ", "sara@example.org")]
    [InlineData("Jane.Doe+flex@gmail.com", "janedoe@gmail.com")]
    [InlineData("jane.doe@googlemail.com", "janedoe@gmail.com")]
    [InlineData("jane.doe+x@example.org", "jane.doe+x@example.org")]
    public void Normalizes_to_one_identity_per_person(string email, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(email));
}
