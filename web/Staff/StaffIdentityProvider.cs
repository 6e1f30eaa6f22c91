using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// The organization's own identity provider (<c>Staff:OpenIdConnect</c>), beside the mailed link: set an authority and
/// a client, and the sign-in page offers it. The provider proves who someone is; the staff list still decides whether
/// they are staff and with which role, so removing someone here ends their access whatever the provider says.
/// </summary>
public sealed class StaffIdentityProviderOptions
{
    public const string Section = "Staff:OpenIdConnect";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in button names ("Sign in with …").</summary>
    public string DisplayName { get; set; } = "your organization's account";

    /// <summary>Only a local test provider runs over plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Whether the ID token must say <c>email_verified: true</c>. Turn it off only for a provider that never sends the
    /// claim and only hands out addresses it controls (a workforce tenant); an explicit false is refused either way.
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public static class StaffIdentityProvider
{
    public const string Scheme = "staff-provider";

    /// <summary>Where a sign-in through the provider starts, and where it comes back.</summary>
    public const string StartPath = "/staff/sign-in/provider";
    public const string CallbackPath = "/staff/sign-in/provider/callback";

    /// <summary>
    /// A page reached from the provider's redirect, which only sends the browser on to the console: the session cookie
    /// is SameSite=Strict, so the browser withholds it for the rest of a chain of redirects that began on another site.
    /// </summary>
    public const string DonePath = "/staff/sign-in/done";

    public static AuthenticationBuilder AddStaffIdentityProvider(
        this AuthenticationBuilder authentication, StaffIdentityProviderOptions provider, CookieSecurePolicy securePolicy)
    {
        if (!provider.IsConfigured)
        {
            return authentication;
        }

        return authentication.AddOpenIdConnect(Scheme, oidc =>
        {
            oidc.Authority = provider.Authority;
            oidc.ClientId = provider.ClientId;
            oidc.ClientSecret = provider.ClientSecret;
            oidc.RequireHttpsMetadata = provider.RequireHttpsMetadata;
            oidc.SignInScheme = StaffSession.Scheme;
            // The code comes back in the query: a cross-site form post would meet the console's cross-site refusal.
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            oidc.CallbackPath = CallbackPath;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("email");
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
            {
                cookie.Path = "/staff";
                cookie.SameSite = SameSiteMode.Lax; // sent on the provider's top-level redirect back
                cookie.SecurePolicy = securePolicy;
            }

            // Behind a TLS-ending ingress the request arrives as http: the callback registered with the provider is
            // the site's public address (the handler keeps this one for the code exchange).
            oidc.Events.OnRedirectToIdentityProvider = context =>
            {
                context.ProtocolMessage.RedirectUri = SiteOrigin.Of(context.HttpContext) + CallbackPath;
                return Task.CompletedTask;
            };
            oidc.Events.OnTokenValidated = context => SignInAsStaffAsync(context, provider);
            oidc.Events.OnRemoteFailure = context =>
            {
                var reason = context.Failure switch
                {
                    NotStaffException => "not-staff",
                    UnverifiedEmailException => "unverified",
                    _ => "provider",
                };
                context.Response.Redirect($"/staff/sign-in?failed={reason}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            // Signing out here ends the console's session only: a provider's front-channel sign-out, which any page
            // could trigger with a link, is not taken.
            oidc.Events.OnRemoteSignOut = context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The provider's verified address, looked up in the staff list: the session is the same as a mailed link's.</summary>
    private static async Task SignInAsStaffAsync(TokenValidatedContext context, StaffIdentityProviderOptions provider)
    {
        var email = context.Principal?.FindFirst("email")?.Value;
        var verified = context.Principal?.FindFirst("email_verified")?.Value;
        if (!EmailAddress.IsValid(email) || (verified is null ? provider.RequireVerifiedEmail : !string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase)))
        {
            context.Fail(new UnverifiedEmailException());
            return;
        }

        var services = context.HttpContext.RequestServices;
        var member = await services.GetRequiredService<StaffStore>().FindAsync(EmailAddress.Normalize(email!), context.HttpContext.RequestAborted);
        if (member is null)
        {
            context.Fail(new NotStaffException());
            return;
        }

        context.Principal = StaffSession.For(member);
        context.Properties!.RedirectUri = DonePath;
        await services.GetRequiredService<StaffAuditLog>().RecordAsync(
            member.Email, member.Role, $"Sign in to the staff console with {provider.DisplayName}", $"GET {CallbackPath}", null, StatusCodes.Status302Found, context.HttpContext.RequestAborted);
    }

    private sealed class NotStaffException() : Exception("The provider's account is not on the staff list.");

    private sealed class UnverifiedEmailException() : Exception("The provider did not say the account's address is verified.");
}
