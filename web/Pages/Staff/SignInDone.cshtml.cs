using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Where the identity provider's sign-in lands: the browser goes on to the console from here, a navigation of this
/// site's own, so the SameSite=Strict session cookie set by the redirect before it is sent.
/// </summary>
public sealed class SignInDoneModel : PageModel
{
    public void OnGet()
    {
    }
}
