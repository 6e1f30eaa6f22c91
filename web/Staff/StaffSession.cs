using System.Globalization;
using System.Security.Claims;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// A signed-in member of staff: an HttpOnly, SameSite=Strict cookie scoped to <c>/staff</c>, renewed by use and
/// ended after <see cref="StaffOptions.SessionIdle"/>. Every request checks the staff list again, so a removal, a role
/// change or "sign out everywhere" ends the session at the next click.
/// </summary>
public static class StaffSession
{
    public const string Scheme = "staff";
    public const string CookieName = "flexplatform-staff";
    private const string VersionClaim = "staff_session";

    public static ClaimsPrincipal For(StaffMember member) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, member.Email),
        new Claim(ClaimTypes.Role, member.Role),
        new Claim(VersionClaim, member.SessionVersion.ToString(CultureInfo.InvariantCulture)),
    ], Scheme));

    public static string Email(this ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("No member of staff is signed in.");

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? throw new InvalidOperationException("No member of staff is signed in.");

    public static IServiceCollection AddStaffSessions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var idle = configuration.GetSection(StaffOptions.Section).Get<StaffOptions>()?.SessionIdle ?? new StaffOptions().SessionIdle;
        var provider = configuration.GetSection(StaffIdentityProviderOptions.Section).Get<StaffIdentityProviderOptions>() ?? new();
        services.AddOptions<StaffIdentityProviderOptions>().BindConfiguration(StaffIdentityProviderOptions.Section);
        // Secure everywhere but a local run over plain http (behind a TLS-ending ingress the request arrives as http).
        var securePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = "/staff";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = securePolicy;
            cookie.ExpireTimeSpan = idle;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/staff/sign-in";
            cookie.AccessDeniedPath = "/staff/not-allowed";
            cookie.ReturnUrlParameter = "next";
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        }).AddStaffIdentityProvider(provider, securePolicy);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in StaffRoles.Policies)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }

        return services;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<StaffStore>();
        var member = context.Principal?.Identity?.Name is { } email ? await store.FindAsync(email, context.HttpContext.RequestAborted) : null;
        if (member is null || context.Principal!.FindFirstValue(VersionClaim) != member.SessionVersion.ToString(CultureInfo.InvariantCulture))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
