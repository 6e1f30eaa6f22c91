using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Engagement.Api;

public sealed record EventAttendee(string FirstName, string LastName, string Email, string Status, long? Position, DateTimeOffset? ConfirmedAt)
{
    public static EventAttendee From(AttendeeRow row) => new(
        row.FirstName, row.LastName, row.Email, row.Status, row.Position,
        row.ConfirmedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
}

/// <summary>
/// What editors see of an event that the public does not: the event as they wrote it (to edit it: Markdown, the online
/// link, wall-clock times), its attendees and waitlist, as a page or as one CSV file.
/// </summary>
public static class AttendeesApi
{
    public static IEndpointRouteBuilder MapAttendeesApi(this IEndpointRouteBuilder app)
    {
        var attendees = app.MapGroup("/api/engagement/events/{slug}").WithTags("Events").RequireEditor();
        attendees.MapGet("/editable", EditableAsync)
            .WithSummary("An event as its editors wrote it, to edit");
        attendees.MapGet("/attendees", ListAsync)
            .WithSummary("An event's attendees, then its waitlist in order");
        attendees.MapGet("/attendees.csv", ExportAsync).Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("An event's attendees and waitlist as CSV, streamed");
        return app;
    }

    public static async Task<Results<Ok<EventRequest>, NotFound>> EditableAsync(string slug, EventStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(slug, cancellationToken) is not { } e)
        {
            return TypedResults.NotFound();
        }

        var venue = e.VenueName is null ? null : new VenueRequest(e.VenueName, e.VenueAddress, e.City, e.Region, e.Country);
        return TypedResults.Ok(new EventRequest(
            e.Title, e.Summary, e.Description, e.Format, EventTimes.Format(e.StartsLocal), EventTimes.Format(e.EndsLocal), e.TimeZone,
            venue, e.OnlineUrl, e.Capacity, e.OrganizationSlug, e.LegislationSlug));
    }

    public static async Task<Results<Ok<EventAttendee[]>, ValidationProblem, NotFound>> ListAsync(
        string slug, int? page, int? pageSize, AttendeeStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await store.EventIdAsync(slug, cancellationToken) is { } eventId
            ? TypedResults.Ok((await store.PageAsync(eventId, page ?? 1, pageSize ?? 50, cancellationToken)).Select(EventAttendee.From).ToArray())
            : TypedResults.NotFound();
    }

    public static async Task<IResult> ExportAsync(string slug, AttendeeStore store, CancellationToken cancellationToken)
    {
        if (await store.EventIdAsync(slug, cancellationToken) is not { } eventId)
        {
            return TypedResults.NotFound();
        }

        return CsvDownload.Stream(
            $"{slug}-attendees.csv", ["first_name", "last_name", "email", "status", "waitlist_position", "confirmed_at"], store.AllAsync(eventId, cancellationToken),
            (csv, row) =>
            {
                csv.WriteField(row.FirstName);
                csv.WriteField(row.LastName);
                csv.WriteField(row.Email);
                csv.WriteField(row.Status);
                csv.WriteField(row.Position, default);
                csv.WriteField(CsvDownload.Utc(row.ConfirmedAt));
            }, cancellationToken);
    }
}
