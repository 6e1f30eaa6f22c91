using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Ends this session, or every session of this member of staff.</summary>
public sealed class SignOutModel(StaffStore store, StaffAuditLog audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(StaffSession.Scheme);
        return Redirect("/staff/sign-in");
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken)
    {
        await store.EndSessionsAsync(User.Email(), cancellationToken);
        await audit.RecordAsync(User.Email(), User.Role(), "Sign out everywhere", "POST /staff/sign-out", null, StatusCodes.Status302Found, cancellationToken);
        return await OnPostAsync();
    }
}
