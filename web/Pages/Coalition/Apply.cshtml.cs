using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Coalition;

public sealed class ApplyModel(ApiClient api) : FormPageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; } = "company";
    [BindProperty] public string? Website { get; set; }
    [BindProperty] public string? Country { get; set; } = "US";
    [BindProperty] public string? Statement { get; set; }
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactEmail { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by bots.</summary>
    [BindProperty] public string? Homepage { get; set; }

    public bool Applied { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var application = new ApplicationRequest
        {
            Name = Name, Kind = Kind, Website = Website, Country = Country, Statement = Statement, ContactName = ContactName,
            ContactEmail = ContactEmail, Homepage = Homepage,
        };
        var result = await api.SendAsync((gateway, ct) => gateway.Applications_ApplyAsync(application, ct), cancellationToken);
        if (result.Ok)
        {
            Applied = true;
        }
        else
        {
            ShowProblem(result);
        }

        return Page();
    }
}
