using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Join;

public sealed class IndexModel(ApiClient api) : FormPageModel
{
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Country { get; set; } = "US";
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? PostalCode { get; set; }
    [BindProperty] public string[] Personas { get; set; } = [];
    [BindProperty] public string[] Flexibility { get; set; } = [];
    [BindProperty] public string? Why { get; set; }
    [BindProperty] public bool ConsentToUpdates { get; set; }
    [BindProperty] public bool ListPublicly { get; set; }
    [BindProperty(SupportsGet = true, Name = "ref")] public string? ReferralCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "org")] public string? OrganizationCode { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by bots.</summary>
    [BindProperty] public string? Website { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.PostAsync<System.Text.Json.JsonElement>("/api/pledges", new PledgeForm(
            FirstName, LastName, Email, Country, Blank(Region), Blank(PostalCode), Personas, Flexibility, Blank(Why),
            ConsentToUpdates, ListPublicly, Blank(ReferralCode), Blank(OrganizationCode), Blank(Website)), cancellationToken);
        if (result.Ok)
        {
            return RedirectToPage("/Join/CheckYourMail");
        }

        ShowProblem(result);
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
