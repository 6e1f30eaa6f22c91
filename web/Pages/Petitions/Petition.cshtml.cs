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
        var signature = new SignatureRequest
        {
            FirstName = FirstName, LastName = LastName, Email = Email, Country = Country, Region = Query.Value(Region),
            PostalCode = Query.Value(PostalCode), Comment = Query.Value(Comment), ListPublicly = ListPublicly, Website = Query.Value(Website),
        };
        var result = await api.SendAsync((gateway, ct) => gateway.Petitions_SignAsync(slug, signature, ct), cancellationToken);
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
        if (await api.ReadAsync((gateway, ct) => gateway.Petitions_GetAsync(slug, ct), cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Petition = found;
        return Page();
    }
}
