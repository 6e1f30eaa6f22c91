using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// A file from the admin API (a CSV export), handed to the browser as it arrives, as the signed-in member of staff:
/// nothing of it is held here, however long it is.
/// </summary>
public sealed class StaffDownloads(IHttpClientFactory http)
{
    public async Task<IActionResult> PassThroughAsync(string path, string fileName, HttpContext context, CancellationToken cancellationToken)
    {
        var response = await http.CreateClient(StaffConsoleExtensions.BulkApi).GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            return new StatusCodeResult((int)response.StatusCode is 403 or 404 ? (int)response.StatusCode : StatusCodes.Status503ServiceUnavailable);
        }

        context.Response.RegisterForDispose(response);
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        return new FileStreamResult(await response.Content.ReadAsStreamAsync(cancellationToken), contentType) { FileDownloadName = fileName };
    }
}
