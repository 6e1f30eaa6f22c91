using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Every petition with its count against its goal; editors start one (Engagement decides what is valid), moderators
/// go from here to a petition's signatures to invalidate fraud.
/// </summary>
public sealed class PetitionsModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Target { get; set; }
    [BindProperty] public long? Goal { get; set; }
    [BindProperty] public DateTime? ClosesAt { get; set; }

    public string? ClosesAtInput => UtcInputs.Value(ClosesAt, seconds: false);

    public IReadOnlyList<PetitionSummary>? Petitions { get; private set; }

    public bool CanStart => StaffRoles.Policies[StaffRoles.Editor].Contains(User.Role());

    public bool CanInvalidate => StaffRoles.Policies[StaffRoles.Moderator].Contains(User.Role());

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Petitions = await api.ReadAsync((g, ct) => g.Petitions_ListAsync(ct), cancellationToken);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        var request = new PetitionRequest
        {
            Title = Title, Summary = Summary, Body = Body, Target = Target, Goal = Goal,
            ClosesAt = UtcInputs.Instant(ClosesAt),
        };
        var created = await api.SendAsync((g, ct) => g.Petitions_CreateAsync(request, ct), cancellationToken);
        if (created.Ok)
        {
            return Redirect($"/petitions/{created.Value!.Slug}");
        }

        ShowProblem(created);
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
