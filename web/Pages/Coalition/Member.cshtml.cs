using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Coalition;

public sealed class MemberModel(ApiClient api) : PageModel
{
    public MemberResponse Member { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await api.ReadAsync((gateway, ct) => gateway.Members_GetAsync(slug, ct), cancellationToken) is not { } member)
        {
            return NotFound();
        }

        Member = member;
        return Page();
    }
}
