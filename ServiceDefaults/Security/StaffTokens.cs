using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>Key: what the staff console signs its tokens with, and the gateway and services check them with.</summary>
public sealed class StaffAuthOptions : SecretKeyOptions
{
    public const string Section = "StaffAuth";
}

/// <summary>
/// The token the staff console (web) sends with each admin call it makes for a signed-in member of staff: a JWT of
/// five minutes naming them (<c>sub</c>, their email) and their role, signed with <c>StaffAuth:Key</c>. The services
/// check the role per route and audit the write under that name; a token leaked from a log is dead within minutes.
/// </summary>
public sealed class StaffTokens(IOptions<StaffAuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "flexplatform-staff";
    public const string DevelopmentKey = "flexplatform-development-staff-key-not-a-secret";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));

    public string Create(string email, string role)
    {
        var now = clock.GetUtcNow();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", email), new Claim("role", role)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-30),
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(options.Value.Key), SecurityAlgorithms.HmacSha256),
        });
    }
}

public static class StaffTokenExtensions
{
    /// <summary><c>StaffAuth:Key</c>, required outside Development (the development key stands in locally).</summary>
    public static IHostApplicationBuilder AddStaffTokenKey(this IHostApplicationBuilder builder)
    {
        builder.AddSecretKey<StaffAuthOptions>(StaffAuthOptions.Section, StaffTokens.DevelopmentKey);
        return builder;
    }

    /// <summary>Tokens for the staff console's calls to the admin API.</summary>
    public static IHostApplicationBuilder AddStaffTokens(this IHostApplicationBuilder builder)
    {
        builder.AddStaffTokenKey();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StaffTokens>();
        return builder;
    }
}
