using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Admins import supporters who pledged elsewhere from a CSV file. With script, the file goes up as the request's
/// body and a progress bar follows it into Pledge; without, as an ordinary form upload. All or nothing: an invalid row
/// refuses the file, and the first rows at fault are listed with why.
/// </summary>
[RequestSizeLimit(SupporterImport.MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = SupporterImport.MaxBytes)]
public sealed class ImportModel(SupporterImport import) : FormPageModel
{
    public ImportResult? Result { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>The script's upload: the file itself is the body, passed on as it arrives.</summary>
    public async Task<IActionResult> OnPostUploadAsync(CancellationToken cancellationToken)
    {
        if (Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        return Show(await import.ImportAsync(Request.Body, cancellationToken));
    }

    /// <summary>Without script: a form upload.</summary>
    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is not { Length: > 0 })
        {
            ShowFieldError("file", "Choose a CSV file to import.");
            return Page();
        }

        await using var csv = file.OpenReadStream();
        return Show(await import.ImportAsync(csv, cancellationToken));
    }

    private PageResult Show(ImportResult result)
    {
        Result = result;
        if (!result.Imported)
        {
            Problem = result.Problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
