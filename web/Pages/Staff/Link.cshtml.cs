using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>The mailed link: one button that uses it up and starts a session.</summary>
public sealed class LinkModel(StaffStore store) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
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
        return Redirect("/staff");
    }
}
