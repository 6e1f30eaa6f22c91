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
        var story = new StoryRequest
        {
            FirstName = FirstName, LastName = LastName, Email = Email, Title = Title, Body = Body,
            Country = Country, Region = Query.Value(Region), ConsentToPublish = ConsentToPublish,
        };
        var result = await api.SendAsync((gateway, ct) => gateway.Stories_SubmitAsync(story, ct), cancellationToken);
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
