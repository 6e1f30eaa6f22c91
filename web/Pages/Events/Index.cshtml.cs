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
        Events = await api.GetAsync<EventSummary[]>("/api/engagement/events" + Query.From(("country", Country), ("region", Region), ("format", Format)), cancellationToken) ?? [];
}
