using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FlexPlatform.Web.Staff;

/// <summary>A row Pledge refused, with why, by field.</summary>
public sealed record ImportRowError(long Line, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>How an import ended: the counts when it was taken, or the refusal with the first rows that caused it.</summary>
public sealed record ImportResult(long Rows, long Added, long Duplicates, long Total, string? Problem, string? Detail, IReadOnlyList<ImportRowError> RowErrors)
{
    public bool Imported => Problem is null;
}

/// <summary>
/// Sends a supporter list to Pledge's import as it arrives, through the gateway, as the signed-in admin: nothing is
/// buffered here, so the browser's upload progress is the import's (Pledge copies rows into PostgreSQL as it reads
/// them, and every hop in between holds back when the next one is busy).
/// </summary>
public sealed class SupporterImport(IHttpClientFactory http, ILogger<SupporterImport> logger)
{
    /// <summary>As Pledge takes (ImportApi.MaxImportBytes) and the gateway lets through.</summary>
    public const long MaxBytes = 1L << 30;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ImportResult> ImportAsync(Stream csv, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(csv, 64 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        try
        {
            using var response = await http.CreateClient(StaffConsoleExtensions.BulkApi).PostAsync("/api/pledges/import", content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var imported = JsonSerializer.Deserialize<Imported>(body, Json)!;
                return new ImportResult(imported.Rows, imported.Added, imported.Duplicates, imported.Total, null, null, []);
            }

            var problem = TryRead(body);
            return new ImportResult(0, 0, 0, 0, problem?.Title ?? Refusal(response.StatusCode), problem?.Detail, problem?.Rows ?? []);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "A supporter import did not reach Pledge or got no answer");
            // Pledge may have committed before the answer was lost: say so, rather than "nothing changed".
            return new ImportResult(0, 0, 0, 0, "The import's answer did not arrive: it may or may not have been taken. Check the total on the overview before trying again (already-pledged addresses are skipped).", null, []);
        }
    }

    private static Refused? TryRead(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize<Refused>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Refusal(HttpStatusCode status) => status switch
    {
        HttpStatusCode.RequestEntityTooLarge => "The file is larger than 1 GiB; split it and import the parts.",
        HttpStatusCode.Forbidden => "Importing supporters is for admins.",
        _ => "Pledge could not take the file right now; nothing was imported. Please try again in a moment.",
    };

    private sealed record Imported(long Rows, long Added, long Duplicates, long Total);

    private sealed record Refused(string? Title, string? Detail, IReadOnlyList<ImportRowError>? Rows);
}
