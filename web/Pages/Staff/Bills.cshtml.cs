using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Editors track bills: every bill with its stage and the movement's position, and a new one added here.</summary>
public sealed class BillsModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    public static readonly IReadOnlyList<string> Stages = ["introduced", "in-committee", "passed-one-chamber", "passed-both", "signed", "vetoed", "failed"];

    public static readonly IReadOnlyList<string> Positions = ["support", "oppose", "watching"];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Jurisdiction { get; set; }
    [BindProperty] public string? BillNumber { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Position { get; set; } = "support";
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public string? Stage { get; set; } = "introduced";

    public IReadOnlyList<LegislationSummary>? Bills { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Bills = await api.ReadAsync((g, ct) => g.Legislation_ListAsync(null, ct), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new LegislationRequest
        {
            Title = Title, Jurisdiction = Jurisdiction?.Trim().ToUpperInvariant(), BillNumber = BillNumber, Summary = Summary, Position = Position, Stage = Stage,
            Url = string.IsNullOrWhiteSpace(Link) ? null : Link.Trim(),
        };
        var created = await api.SendAsync((g, ct) => g.Legislation_CreateAsync(request, ct), cancellationToken);
        if (created.Ok)
        {
            return Redirect($"/staff/bills/{created.Value!.Slug}");
        }

        ShowProblem(created);
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
