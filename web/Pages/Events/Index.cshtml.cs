using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Events;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> Formats = [("in-person", "In person"), ("online", "Online"), ("hybrid", "Hybrid")];

    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public IReadOnlyList<EventSummary> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Events = await api.ReadAsync((gateway, ct) => gateway.Events_ListAsync(Query.Value(Country), Query.Value(Region), Query.Value(Format), ct), cancellationToken) ?? [];
}
