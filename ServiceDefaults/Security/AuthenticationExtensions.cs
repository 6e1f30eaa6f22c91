using System.Security.Claims;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The staff door, checked by every service as well as the gateway: the same JWT bearer settings
/// (<c>Authentication:Schemes:Bearer</c>, the shape <c>dotnet user-jwts</c> writes, plus the staff console's own
/// short-lived tokens, <see cref="StaffTokens"/>) and one policy per <see cref="StaffRoles">role</see>.
/// The gateway passes the caller's token through untouched.
/// </summary>
public static class AuthenticationExtensions
{
    public const string AdminPolicy = StaffRoles.Admin;
    public const string AdminRole = StaffRoles.Admin;

    public static IHostApplicationBuilder AddServiceAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Read again when the section changes: `dotnet user-jwts create` writes the first signing key into user secrets
        // after the platform started, and its tokens would be refused ("signature key was not found") until a restart.
        builder.Services.AddSingleton<IOptionsChangeTokenSource<JwtBearerOptions>>(new ConfigurationChangeTokenSource<JwtBearerOptions>(
            JwtBearerDefaults.AuthenticationScheme, builder.Configuration.GetSection($"Authentication:Schemes:{JwtBearerDefaults.AuthenticationScheme}")));
        builder.AddStaffTokenKey();
        // The console's tokens are accepted beside whatever the configuration names (user-jwts, an identity provider).
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).PostConfigure<IOptions<StaffAuthOptions>>((jwt, staff) =>
        {
            var validation = jwt.TokenValidationParameters;
            validation.ValidIssuers = [.. validation.ValidIssuers ?? [], StaffTokens.Issuer];
            validation.ValidAudiences = [.. validation.ValidAudiences ?? [], StaffTokens.Issuer];
            validation.IssuerSigningKeys = [.. validation.IssuerSigningKeys ?? [], StaffTokens.SigningKey(staff.Value.Key)];
            // A staff token lives five minutes, not five more (the default skew); clocks here are NTP-synchronized.
            validation.ClockSkew = TimeSpan.FromSeconds(30);
        });
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in StaffRoles.Policies)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }

        return builder;
    }

    /// <summary>The staff member a token names, as audit records and authored rows keep them: its name, else its subject.</summary>
    public static string StaffName(this ClaimsPrincipal user) =>
        // The bearer handler maps "sub" to NameIdentifier.
        user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? "(a token without a name)";

    /// <summary>Admins only (supporters' data, mail to them, operations): 401 without a valid token, 403 without the role.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(StaffRoles.Admin);

    /// <summary>Moderators' queues (and admins').</summary>
    public static TBuilder RequireModerator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(StaffRoles.Moderator);

    /// <summary>Any member of staff, whatever their role (the console's overview).</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(StaffRoles.AnyStaff);

    /// <summary>What editors write: posts, events, petitions, bills, ideas (and admins).</summary>
    public static TBuilder RequireEditor<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(StaffRoles.Editor);
}
