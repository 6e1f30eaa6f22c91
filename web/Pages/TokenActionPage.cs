using System.Text.Json;
using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// The shape of every "press the button to confirm" page behind a mailed link (/rsvp, /sign, /story,
/// /comment): GET shows the button, POST sends the token to the API and shows what happened.
/// </summary>
public abstract class TokenActionPage(ApiClient api) : MailLinkPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public abstract string Heading { get; }

    public abstract string Explanation { get; }

    public abstract string ButtonText { get; }

    protected abstract string ApiPath { get; }

    /// <summary>What to tell the person once the API accepted the token.</summary>
    protected abstract string Describe(JsonElement answer);

    public string? Outcome { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.PostAsync<JsonElement>(ApiPath, new { token = Token }, cancellationToken);
        if (result.Ok)
        {
            Outcome = Describe(result.Value);
        }
        else
        {
            ShowProblem(result);
        }

        return Page();
    }

    protected static string? Text(JsonElement answer, string property) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(property, out var value) ? value.ToString() : null;
}
