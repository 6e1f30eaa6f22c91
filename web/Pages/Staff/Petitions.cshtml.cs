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

    public string? Outcome { get; private set; }

    public bool CanStart => StaffRoles.Policies[StaffRoles.Editor].Contains(User.Role());

    public bool CanInvalidate => StaffRoles.Policies[StaffRoles.Moderator].Contains(User.Role());

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Petitions = await api.ReadAsync((g, ct) => g.Petitions_ListAsync(ct), cancellationToken);

    /// <summary>Editors close signing before the petition's date; Engagement refuses one already closed.</summary>
    public async Task<IActionResult> OnPostCloseAsync(string slug, CancellationToken cancellationToken)
    {
        var closed = await api.SendAsync((g, ct) => g.Petitions_CloseAsync(slug, ct), cancellationToken);
        if (closed.Ok)
        {
            Outcome = $"Signing of “{closed.Value!.Title}” is closed: {closed.Value.State} with {closed.Value.Signatures:N0} of {closed.Value.Goal:N0} signatures.";
        }
        else
        {
            ShowProblem(closed);
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

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
