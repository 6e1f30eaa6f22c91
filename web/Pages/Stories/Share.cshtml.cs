using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Stories;

public sealed class ShareModel(ApiClient api) : FormPageModel
{
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Country { get; set; } = "US";
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public bool ConsentToPublish { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.PostAsync<System.Text.Json.JsonElement>("/api/content/stories", new
        {
            firstName = FirstName, lastName = LastName, email = Email, title = Title, body = Body,
            country = Country, region = string.IsNullOrWhiteSpace(Region) ? null : Region, consentToPublish = ConsentToPublish,
        }, cancellationToken);
        if (result.Ok)
        {
            Sent = true;
        }
        else
        {
            ShowProblem(result);
        }

        return Page();
    }
}
