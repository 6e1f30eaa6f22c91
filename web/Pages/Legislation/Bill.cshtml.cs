using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Legislation;

public sealed class BillModel(ApiClient api) : PageModel
{
    public BillDetail Bill { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await api.GetAsync<BillDetail>($"/api/engagement/legislation/{Uri.EscapeDataString(slug)}", cancellationToken) is not { } bill)
        {
            return NotFound();
        }

        Bill = bill;
        return Page();
    }
}
