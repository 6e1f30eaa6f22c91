using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Admins import supporters who pledged elsewhere from a CSV file. With script, the file goes up as the request's
/// body and a progress bar follows it into Pledge; without, as an ordinary form upload, read part by part (never bound
/// as a form, which would copy the file to the pod's small temporary disk first). All or nothing: an invalid row refuses
/// the file, and the first rows at fault are listed with why.
/// </summary>
[RequestSizeLimit(SupporterImport.MaxBytes)]
[DisableFormBinding]
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

    /// <summary>Without script: the form's file part, passed on as it arrives.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (MediaTypeHeaderValue.TryParse(Request.ContentType, out var type)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 } boundary)
        {
            var reader = new MultipartReader(boundary, Request.Body);
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var part)
                    && part.IsFileDisposition() && part.Name.Value == "file" && !Microsoft.Extensions.Primitives.StringSegment.IsNullOrEmpty(part.FileName))
                {
                    return Show(await import.ImportAsync(section.Body, cancellationToken));
                }
            }
        }

        ShowFieldError("file", "Choose a CSV file to import.");
        return Page();
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
