using FlexPlatform.Domain;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Asks for a one-time sign-in link. Every well-formed address gets the same answer, staff or not, and only staff
/// get a mail: the form tells no one who works here.
/// </summary>
public sealed class SignInModel(StaffStore store, IOptions<StaffOptions> options, IOptions<StaffIdentityProviderOptions> provider) : FormPageModel
{
    private static readonly TimeSpan MinimumAnswerTime = TimeSpan.FromMilliseconds(600);

    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public int LinkMinutes => (int)options.Value.LinkLifetime.TotalMinutes;

    /// <summary>The organization's identity provider's name, when one is configured.</summary>
    public string? Provider => provider.Value.IsConfigured ? provider.Value.DisplayName : null;

    [BindProperty(SupportsGet = true, Name = "failed")]
    public string? Failed { get; set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return Redirect("/staff");
        }

        // The provider's account was proven, so saying it is not staff tells its owner only about themselves.
        Problem = Failed switch
        {
            "not-staff" => $"The account you signed in with at {Provider} is not on the staff list. Ask an admin to invite its address.",
            "unverified" => $"{Provider} did not confirm that the account's address is verified, so it cannot sign in to the console. Have a link mailed to you instead.",
            "provider" => $"Signing in with {Provider} did not finish. Try again, or have a link mailed to you.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(Email))
        {
            ShowFieldError("email", "Enter an email address like name@example.org.");
            return Page();
        }

        // Staff and strangers are answered after the same time: how long the answer took tells no one who works here.
        await Task.WhenAll(store.RequestLinkAsync(EmailAddress.Normalize(Email!), cancellationToken), Task.Delay(MinimumAnswerTime, cancellationToken));
        Sent = true;
        return Page();
    }
}
