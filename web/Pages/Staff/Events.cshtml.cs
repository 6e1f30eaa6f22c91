using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Editors and admins: upcoming events soonest first (then past ones), with their seats and waitlists.</summary>
public sealed class EventsModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : PageModel
{
    public IReadOnlyList<EventSummary>? Events { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Events = await api.ReadAsync((g, ct) => g.Events_ListAsync(null, null, null, ct), cancellationToken);
}
