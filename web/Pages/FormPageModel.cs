using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages;

/// <summary>A page with a form that posts to the API: the API's problem details become messages beside their fields.</summary>
public abstract class FormPageModel : PageModel
{
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    /// <summary>The problem's title, shown above the form when the API refused it.</summary>
    public string? Problem { get; protected set; }

    public FieldError Error(string field) =>
        new(field, _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null);

    /// <summary>aria attributes tying an input to its message, so screen readers announce it.</summary>
    public IHtmlContent Describe(string field) => _errors.ContainsKey(field)
        ? new HtmlString($"aria-invalid=\"true\" aria-describedby=\"{field}-error\"")
        : HtmlString.Empty;

    /// <summary>A field refused here rather than by the API (the console's own forms).</summary>
    protected void ShowFieldError(string field, string message)
    {
        _errors = new Dictionary<string, string[]> { [field] = [message] };
        Problem = "Please check the fields marked below.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    protected void ShowProblem<T>(ApiResult<T> result)
    {
        _errors = result.Errors;
        Problem = result.Errors.Count > 0 ? "Please check the fields marked below." : result.Title;
        Response.StatusCode = (int)result.Status is >= 400 and < 500 ? (int)result.Status : StatusCodes.Status503ServiceUnavailable;
    }
}
