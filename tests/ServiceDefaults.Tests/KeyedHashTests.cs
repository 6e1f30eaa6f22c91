using System.Security.Cryptography;
using System.Text;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

public sealed class KeyedHashTests
{
    [Fact]
    public void A_keyed_hash_cannot_be_recomputed_without_the_key()
    {
        var one = Hash("a-secret-of-at-least-thirty-two-characters!").Of("client", "203.0.113.7");
        var other = Hash("another-secret-of-at-least-thirty-two-chars").Of("client", "203.0.113.7");
        var bare = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("client:203.0.113.7")))[..32];

        Assert.Equal(32, one.Length);
        Assert.NotEqual(other, one);
        Assert.NotEqual(bare, one);
        Assert.Equal(one, Hash("a-secret-of-at-least-thirty-two-characters!").Of("client", "203.0.113.7"));
        Assert.NotEqual(one, Hash("a-secret-of-at-least-thirty-two-characters!").Of("reporter", "203.0.113.7"));
    }

    [Theory]
    [InlineData("Production", "")]
    [InlineData("Staging", "")]
    [InlineData("Production", "too-short")]
    public void Outside_Development_a_missing_or_short_key_stops_the_service(string environment, string key)
    {
        using var host = Build(environment, key);
        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<HashingOptions>>().Value);
        Assert.Contains("Hashing:Key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_runs_with_no_key_configured()
    {
        using var host = Build("Development", "");
        Assert.Equal(KeyedHash.DevelopmentKey, host.Services.GetRequiredService<IOptions<HashingOptions>>().Value.Key);
    }

    private static KeyedHash Hash(string key) => new(Options.Create(new HashingOptions { Key = key }));

    private static IHost Build(string environment, string key)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Hashing:Key"] = key });
        builder.AddKeyedHash();
        return builder.Build();
    }
}
