using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Editors write the ways to get involved the public "Get involved" page lists, in their order.</summary>
public sealed class IdeasModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public int? Position { get; set; }

    public IReadOnlyList<IdeaResponse>? Ideas { get; private set; }

    public string? Outcome { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Ideas = await api.ReadAsync((g, ct) => g.Ideas_ListAsync(ct), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await api.SendAsync((g, ct) => g.Ideas_CreateAsync(new IdeaRequest { Title = Title, Summary = Summary, Body = Body, Position = Position }, ct), cancellationToken);
        if (created.Ok)
        {
            Outcome = $"Added: \"{Title}\" is on the Get involved page.";
            (Title, Summary, Body, Position) = (null, null, null, null);
        }
        else
        {
            ShowProblem(created);
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
