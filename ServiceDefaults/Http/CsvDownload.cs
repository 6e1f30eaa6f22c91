using CsvHelper;
using Microsoft.AspNetCore.Http;

namespace FlexPlatform.ServiceDefaults.Http;

/// <summary>
/// A CSV file written as its rows are read (RFC 4180 by CsvHelper): a list of any length never sits in memory. A text
/// field a spreadsheet would run as a formula (<c>=HYPERLINK(…)</c>, <c>+</c>, <c>-</c>, <c>@</c>) gets a leading
/// <c>'</c>, so someone's name stays a name when staff open the file.
/// </summary>
public static class CsvDownload
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static IResult Stream<T>(string fileName, string[] header, IAsyncEnumerable<T> rows, Action<CsvWriter, T> write, CancellationToken cancellationToken) =>
        Results.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, Options, true);
            csv.WriteHeader(header);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                write(csv, row);
                await csv.EndRecordAsync(cancellationToken);
            }
        }, ContentType, fileName);

    /// <summary>An instant as the file shows it: UTC, to the second, ISO 8601.</summary>
    public static string? Utc(DateTime? at) =>
        at is { } value ? DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) : null;
}
