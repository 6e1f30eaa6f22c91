using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The admin door, checked by every service as well as the gateway: the same JWT bearer settings
/// (<c>Authentication:Schemes:Bearer</c>, the shape <c>dotnet user-jwts</c> writes) and one
/// <see cref="AdminPolicy"/>. The gateway passes the caller's token through untouched.
/// </summary>
public static class AuthenticationExtensions
{
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    public static IHostApplicationBuilder AddServiceAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));
        return builder;
    }

    /// <summary>The staff member an admin token names, as audit records and authored rows keep them: its name, else its subject.</summary>
    public static string StaffName(this ClaimsPrincipal user) =>
        // The bearer handler maps "sub" to NameIdentifier.
        user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? "(a token without a name)";

    /// <summary>Marks a route group as moderators' only: 401 without a valid token, 403 without the role.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AdminPolicy);
}
