using System.Text;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Import;
using FlexPlatform.Pledge.Reads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Pledge.Api;

public sealed record ImportResponse(Guid ImportId, long Rows, long Added, long Duplicates, long Total);

/// <summary>
/// <c>POST /api/pledges/import</c> (admin, checked here and at the gateway): a CSV body of supporters who
/// pledged elsewhere. All or nothing: one invalid row refuses the file.
/// </summary>
public static class ImportApi
{
    public const long MaxImportBytes = 1L << 30;

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder pledges)
    {
        pledges.MapPost("/import", ImportAsync)
            .RequireAdmin()
            .Accepts<string>("text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes))
            .WithSummary("Import confirmed supporters from CSV");
        return pledges;
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, SupporterImporter importer, PledgeCounter counter, PublicReads reads, CancellationToken cancellationToken)
    {
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.Problem(title: "Send the supporter list as text/csv.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        ImportOutcome outcome;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            outcome = await importer.ImportAsync(reader, cancellationToken);
        }
        catch (MalformedCsvException ex)
        {
            return TypedResults.Problem(title: "The file is not valid CSV; nothing was imported.", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (outcome is ImportOutcome.Refused refused)
        {
            return TypedResults.Problem(
                title: refused.Title, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["rows"] = refused.Errors });
        }

        var imported = (ImportOutcome.Imported)outcome;
        await counter.PublishAfterCommitAsync();
        var total = await counter.CountCommittedAsync(cancellationToken);
        await reads.ForgetAllAsync();
        return TypedResults.Ok(new ImportResponse(imported.ImportId, imported.Rows, imported.Added, imported.Duplicates, total));
    }
}
