using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages;

/// <summary>
/// The shape of every "press the button to confirm" page behind a mailed link (/rsvp, /sign, /story,
/// /comment): GET shows the button, POST sends the token to the API and shows what happened.
/// </summary>
public abstract class TokenActionPage : MailLinkPage
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public abstract string Heading { get; }

    public abstract string Explanation { get; }

    public abstract string ButtonText { get; }

    public string? Outcome { get; protected set; }

    public void OnGet()
    {
    }
}

/// <summary>A token page whose API answer is a <typeparamref name="TAnswer"/>.</summary>
public abstract class TokenActionPage<TAnswer>(ApiClient api) : TokenActionPage
{
    protected ApiClient Api { get; } = api;

    /// <summary>The API call the token is for.</summary>
    protected abstract Task<TAnswer> SendAsync(GatewayApi gateway, TokenRequest token, CancellationToken cancellationToken);

    /// <summary>What to tell the person once the API accepted the token.</summary>
    protected abstract string Describe(TAnswer answer);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await Api.SendAsync((gateway, ct) => SendAsync(gateway, new TokenRequest { Token = Token }, ct), cancellationToken);
        if (result.Ok)
        {
            Outcome = Describe(result.Value!);
        }
        else
        {
            ShowProblem(result);
        }

        return Page();
    }
}
