using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Stories;

public sealed class StoryModel(ApiClient api) : PageModel
{
    public Story Story { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await api.ReadAsync((gateway, ct) => gateway.Stories_GetAsync(slug, ct), cancellationToken) is not { } story)
        {
            return NotFound();
        }

        Story = story;
        return Page();
    }
}
