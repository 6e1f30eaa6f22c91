using CsvHelper;
using FlexPlatform.Engagement.Data;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Engagement.Api;

public sealed record EventAttendee(string FirstName, string LastName, string Email, string Status, long? Position, DateTimeOffset? ConfirmedAt)
{
    public static EventAttendee From(AttendeeRow row) => new(
        row.FirstName, row.LastName, row.Email, row.Status, row.Position,
        row.ConfirmedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
}

/// <summary>An event's attendees and waitlist for the editors who organize it, as a page or as one CSV file.</summary>
public static class AttendeesApi
{
    public const int MaxPageSize = 200;

    // A name like "=HYPERLINK(…)" stays text when the file is opened in a spreadsheet.
    private static readonly CsvWriterOptions Csv = new() { Injection = CsvInjection.Escape };

    public static IEndpointRouteBuilder MapAttendeesApi(this IEndpointRouteBuilder app)
    {
        var attendees = app.MapGroup("/api/engagement/events/{slug}").WithTags("Events").RequireEditor();
        attendees.MapGet("/attendees", ListAsync)
            .WithSummary("An event's attendees, then its waitlist in order");
        attendees.MapGet("/attendees.csv", ExportAsync).Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("An event's attendees and waitlist as CSV, streamed");
        return app;
    }

    public static async Task<Results<Ok<EventAttendee[]>, ValidationProblem, NotFound>> ListAsync(
        string slug, AttendeeStore store, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [page < 1 ? "page" : "pageSize"] = [page < 1 ? "From 1." : $"Between 1 and {MaxPageSize}."],
            });
        }

        return await store.EventIdAsync(slug, cancellationToken) is { } eventId
            ? TypedResults.Ok((await store.PageAsync(eventId, page, pageSize, cancellationToken)).Select(EventAttendee.From).ToArray())
            : TypedResults.NotFound();
    }

    public static async Task<IResult> ExportAsync(string slug, AttendeeStore store, CancellationToken cancellationToken)
    {
        if (await store.EventIdAsync(slug, cancellationToken) is not { } eventId)
        {
            return TypedResults.NotFound();
        }

        return Results.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, Csv, true);
            csv.WriteHeader(["first_name", "last_name", "email", "status", "waitlist_position", "confirmed_at"]);
            await foreach (var row in store.AllAsync(eventId, cancellationToken))
            {
                csv.WriteField(row.FirstName);
                csv.WriteField(row.LastName);
                csv.WriteField(row.Email);
                csv.WriteField(row.Status);
                csv.WriteField(row.Position, default);
                csv.WriteField(row.ConfirmedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) : null);
                await csv.EndRecordAsync(cancellationToken);
            }
        }, "text/csv; charset=utf-8", $"{slug}-attendees.csv");
    }
}
