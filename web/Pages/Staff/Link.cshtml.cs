using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// The mailed link: one button that uses it up and starts a session. The secret rides in the query string, as every
/// mailed link's does, so traces and logs record it redacted.
/// </summary>
public sealed class LinkModel(StaffStore store, StaffAuditLog audit) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "token")]
    public string Token { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await store.RedeemAsync(Token, cancellationToken) is not { } member)
        {
            Problem = "This sign-in link has expired or was used already.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await HttpContext.SignInAsync(StaffSession.Scheme, StaffSession.For(member));
        await audit.RecordAsync(member.Email, member.Role, "Sign in to the staff console", "POST /staff/sign-in/link", null, StatusCodes.Status302Found, cancellationToken);
        return Redirect("/staff");
    }
}
