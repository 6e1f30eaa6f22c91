using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>
/// Key: the secret behind every stored or keyed hash of an email or a client address. Without it a bare hash is
/// reversed by enumeration: every IPv4 address is 2³² tries.
/// </summary>
public sealed class HashingOptions : SecretKeyOptions
{
    public const string Section = "Hashing";
}

/// <summary>
/// HMAC-SHA-256 of personal values (emails, client addresses) used as limit keys and report identities: without
/// the key nobody can test a guess against them. <paramref name="purpose"/> keeps one value's hashes apart across uses.
/// </summary>
public sealed class KeyedHash(IOptions<HashingOptions> options)
{
    /// <summary>Development only (and said so): local runs and tests need no setup.</summary>
    public const string DevelopmentKey = "flexplatform-development-hashing-key-not-a-secret";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Key);

    /// <summary>32 hex characters (128 bits) of the HMAC of "purpose:value".</summary>
    public string Of(string purpose, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}:{value}")))[..32];
}

public static class KeyedHashExtensions
{
    /// <summary>
    /// <c>Hashing:Key</c> is required, except in Development, where a fixed key stands in. A missing key fails the
    /// start: never silently back to bare hashes.
    /// </summary>
    public static IHostApplicationBuilder AddKeyedHash(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(KeyedHash)))
        {
            return builder;
        }

        builder.AddSecretKey<HashingOptions>(HashingOptions.Section, KeyedHash.DevelopmentKey);
        builder.Services.TryAddSingleton<KeyedHash>();
        return builder;
    }
}
