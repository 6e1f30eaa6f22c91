using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Editors and admins: every post, drafts and scheduled ones first.</summary>
public sealed class PostsModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<EditorPost>? Posts { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Posts = await api.ReadAsync((g, ct) => g.Posts_ListForEditorsAsync(PageNumber, PageSize, ct), cancellationToken);
    }
}
