using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FlexPlatform.Testing;

/// <summary>
/// Mints HS256 JWTs for the gateway and every service, configured the same way `dotnet user-jwts`
/// configures them (Authentication:Schemes:Bearer), with a key made for this test run.
/// </summary>
public sealed class TestTokens
{
    private const string Issuer = "flexplatform-tests";
    private const string Audience = "http://localhost:8080";
    private const string ServiceIssuer = "flexplatform-services";
    private const string StaffIssuer = "flexplatform-staff";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    // Services sign their gRPC calls with this run's ServiceAuth:Key; tests calling gRPC directly sign with it too.
    private readonly string _serviceKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    // The staff console signs its staff members' tokens with this run's StaffAuth:Key; tests sign console-style tokens with it.
    private readonly string _staffKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public IEnumerable<(string Key, string Value)> Configuration() =>
    [
        ("Authentication__Schemes__Bearer__ValidIssuer", Issuer),
        ("Authentication__Schemes__Bearer__ValidAudiences__0", Audience),
        ("Authentication__Schemes__Bearer__SigningKeys__0__Issuer", Issuer),
        ("Authentication__Schemes__Bearer__SigningKeys__0__Value", Convert.ToBase64String(_key)),
        ("ServiceAuth__Key", _serviceKey),
        ("StaffAuth__Key", _staffKey),
    ];

    /// <summary>Hands this run's token settings to every service of the model, the gateway included.</summary>
    public void ConfigureAll(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            var resource = builder.CreateResourceBuilder(project);
            foreach (var (key, value) in Configuration())
            {
                resource.WithEnvironment(key, value);
            }
        }
    }

    public string Create(params string[] roles)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(new { alg = "HS256", typ = "JWT" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["sub"] = "moderator@tests",
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["nbf"] = now - 5,
            ["iat"] = now,
            ["exp"] = now + 600,
            ["role"] = roles,
        });
        var signature = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>A token as the staff console mints for a signed-in member of staff (issuer flexplatform-staff, StaffAuth:Key).</summary>
    public string CreateStaff(string email, string role, TimeSpan? expiresIn = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(new { alg = "HS256", typ = "JWT" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["sub"] = email, ["role"] = role, ["iss"] = StaffIssuer, ["aud"] = StaffIssuer,
            ["nbf"] = now - 60, ["iat"] = now - 60, ["exp"] = now + (long)(expiresIn ?? TimeSpan.FromMinutes(5)).TotalSeconds,
        });
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_staffKey), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>A service credential for internal gRPC, as a service's own client would send.</summary>
    public string CreateService()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(new { alg = "HS256", typ = "JWT" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["sub"] = "tests", ["iss"] = ServiceIssuer, ["aud"] = ServiceIssuer, ["nbf"] = now - 5, ["iat"] = now, ["exp"] = now + 600,
        });
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_serviceKey), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Encode(object value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
