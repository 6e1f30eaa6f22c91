using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Petitions;

public sealed class PetitionModel(ApiClient api) : FormPageModel
{
    public PetitionDetail Petition { get; private set; } = null!;

    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Country { get; set; } = "US";
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? PostalCode { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public bool ListPublicly { get; set; }
    [BindProperty] public string? Website { get; set; }

    public bool Sent { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) => LoadAsync(slug, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        var result = await api.PostAsync<System.Text.Json.JsonElement>($"/api/engagement/petitions/{Uri.EscapeDataString(slug)}/signatures", new
        {
            firstName = FirstName, lastName = LastName, email = Email, country = Country,
            region = Blank(Region), postalCode = Blank(PostalCode), comment = Blank(Comment), listPublicly = ListPublicly, website = Blank(Website),
        }, cancellationToken);
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
        if (await api.GetAsync<PetitionDetail>($"/api/engagement/petitions/{Uri.EscapeDataString(slug)}", cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Petition = found;
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
