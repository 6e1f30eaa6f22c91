using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Stories;

public sealed class StoryModel(ApiClient api) : PageModel
{
    public Story Story { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await api.GetAsync<Story>($"/api/content/stories/{Uri.EscapeDataString(slug)}", cancellationToken) is not { } story)
        {
            return NotFound();
        }

        Story = story;
        return Page();
    }
}
