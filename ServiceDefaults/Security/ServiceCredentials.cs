using System.Security.Claims;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>Key: what services sign their calls to each other with.</summary>
public sealed class ServiceAuthOptions : SecretKeyOptions
{
    public const string Section = "ServiceAuth";
}

/// <summary>
/// The credential one service shows another on internal gRPC calls: a JWT of a few minutes, signed with
/// <c>ServiceAuth:Key</c>, under a scheme of its own. An admin's token (another key) opens no gRPC method, and a
/// service token opens no admin route.
/// </summary>
public sealed class ServiceCredentials(IOptions<ServiceAuthOptions> options, IHostEnvironment environment, TimeProvider clock)
{
    public const string Scheme = "Service";
    public const string Policy = "service";
    public const string Issuer = "flexplatform-services";
    public const string DevelopmentKey = "flexplatform-development-service-key-not-a-secret";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private (string Token, DateTimeOffset RenewAt) _current;

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));

    /// <summary>A token for this service's calls, renewed halfway through its life.</summary>
    public string Token()
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_current.Token is null || now >= _current.RenewAt)
            {
                var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = Issuer,
                    Audience = Issuer,
                    Subject = new ClaimsIdentity([new Claim("sub", environment.ApplicationName)]),
                    IssuedAt = now.UtcDateTime,
                    NotBefore = now.UtcDateTime.AddMinutes(-1),
                    Expires = (now + Lifetime).UtcDateTime,
                    SigningCredentials = new SigningCredentials(SigningKey(options.Value.Key), SecurityAlgorithms.HmacSha256),
                });
                _current = (token, now + Lifetime / 2);
            }

            return _current.Token;
        }
    }
}

public static class ServiceCredentialExtensions
{
    /// <summary>
    /// The <see cref="ServiceCredentials.Scheme"/> scheme and <see cref="ServiceCredentials.Policy"/> policy for gRPC
    /// services, and tokens for this service's own calls. <c>ServiceAuth:Key</c> is required outside Development.
    /// </summary>
    public static IHostApplicationBuilder AddServiceCredentials(this IHostApplicationBuilder builder)
    {
        builder.AddSecretKey<ServiceAuthOptions>(ServiceAuthOptions.Section, ServiceCredentials.DevelopmentKey);
        builder.Services.AddSingleton<ServiceCredentials>();
        builder.Services.AddAuthentication().AddJwtBearer(ServiceCredentials.Scheme, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(ServiceCredentials.Scheme).Configure<IOptions<ServiceAuthOptions>>((jwt, service) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = ServiceCredentials.Issuer,
                ValidAudience = ServiceCredentials.Issuer,
                IssuerSigningKey = ServiceCredentials.SigningKey(service.Value.Key),
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(ServiceCredentials.Policy, policy => policy
            .AddAuthenticationSchemes(ServiceCredentials.Scheme)
            .RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Every call of this gRPC client carries this service's credential (cleartext h2c inside the cluster).</summary>
    public static IHttpClientBuilder WithServiceCredential(this IHttpClientBuilder client) =>
        client
            .AddCallCredentials((_, metadata, services) =>
            {
                metadata.Add("Authorization", $"Bearer {services.GetRequiredService<ServiceCredentials>().Token()}");
                return Task.CompletedTask;
            })
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
}
