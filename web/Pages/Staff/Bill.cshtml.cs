using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>One bill for its editors: its history, and a new action recorded (which moves its stage on the public page).</summary>
public sealed class BillModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty] public string? Stage { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public DateOnly? OccurredOn { get; set; }

    public LegislationDetail? Bill { get; private set; }

    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Bill = await api.ReadAsync((g, ct) => g.Legislation_GetAsync(Slug, ct), cancellationToken);
        Stage ??= Bill?.Stage;
        OccurredOn ??= DateOnly.FromDateTime(DateTime.UtcNow);
        return Bill is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var recorded = await api.SendAsync((g, ct) => g.Legislation_AddActionAsync(Slug, new LegislationActionRequest { Stage = Stage, Note = Note, OccurredOn = OccurredOn }, ct), cancellationToken);
        if (recorded.Ok)
        {
            Outcome = $"Recorded: {Stage} on {OccurredOn:d MMM yyyy}.";
            Note = null;
        }
        else
        {
            ShowProblem(recorded);
        }

        return await OnGetAsync(cancellationToken);
    }
}
