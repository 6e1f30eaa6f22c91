using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Legislation;

public sealed class BillModel(ApiClient api) : PageModel
{
    public LegislationDetail Bill { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await api.ReadAsync((gateway, ct) => gateway.Legislation_GetAsync(slug, ct), cancellationToken) is not { } bill)
        {
            return NotFound();
        }

        Bill = bill;
        return Page();
    }
}
