using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Events;

public sealed class EventModel(ApiClient api) : FormPageModel
{
    public EventDetail Event { get; private set; } = null!;

    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) => LoadAsync(slug, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        var result = await api.SendAsync(
            (gateway, ct) => gateway.Events_RsvpAsync(slug, new RsvpRequest { FirstName = FirstName, LastName = LastName, Email = Email }, ct), cancellationToken);
        if (result.Ok)
        {
            Sent = true;
        }
        else
        {
            ShowProblem(result);
        }

        return await LoadAsync(slug, cancellationToken);
    }

    private async Task<IActionResult> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        if (await api.ReadAsync((gateway, ct) => gateway.Events_GetAsync(slug, ct), cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Event = found;
        return Page();
    }
}
