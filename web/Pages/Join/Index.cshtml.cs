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
        var pledge = new PledgeRequest
        {
            FirstName = FirstName, LastName = LastName, Email = Email, Country = Country, Region = Query.Value(Region),
            PostalCode = Query.Value(PostalCode), Personas = Personas, Flexibility = Flexibility, Why = Query.Value(Why),
            ConsentToUpdates = ConsentToUpdates, ListPublicly = ListPublicly, ReferralCode = Query.Value(ReferralCode),
            OrganizationCode = Query.Value(OrganizationCode), Website = Query.Value(Website),
        };
        var result = await api.SendAsync((gateway, ct) => gateway.Pledge_SubmitAsync(pledge, ct), cancellationToken);
        if (result.Ok)
        {
            return RedirectToPage("/Join/CheckYourMail");
        }

        ShowProblem(result);
        return Page();
    }
}
