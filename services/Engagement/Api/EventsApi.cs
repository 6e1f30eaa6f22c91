using System.Text.Json.Serialization;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.Engagement.Events;
using FlexPlatform.Engagement.Mail;
using FlexPlatform.ServiceDefaults.Abuse;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Engagement.Api;

public sealed record SlugResponse(string Slug);

public sealed record StatusResponse(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Position = null);

public sealed record EventSummary(
    string Slug, string Title, string Summary, string Format, string StartsAt, string EndsAt, string TimeZone,
    DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc, string? City, string? Region, string? Country,
    int? Capacity, long Registered, long Waitlisted, bool IsFull, string Status)
{
    public static EventSummary From(EventRow e) => new(
        e.Slug, e.Title, e.Summary, e.Format, EventTimes.Format(e.StartsLocal), EventTimes.Format(e.EndsLocal), e.TimeZone,
        e.StartsAtUtc, e.EndsAtUtc, e.City, e.Region, e.Country, e.Capacity, e.Registered, e.Waitlisted, e.ToEvent().IsFull, e.Status);
}

public sealed record VenueResponse(string? Name, string? Address, string? City, string? Region, string? Country);

/// <summary>One event for the public: never its online link (attendees get that by mail).</summary>
public sealed record EventDetail(
    string Slug, string Title, string Summary, string Format, string StartsAt, string EndsAt, string TimeZone,
    DateTimeOffset StartsAtUtc, DateTimeOffset EndsAtUtc, string? City, string? Region, string? Country,
    int? Capacity, long Registered, long Waitlisted, bool IsFull, string Status,
    string Html, VenueResponse? Venue, string? OrganizationSlug, string? LegislationSlug, string? CancelReason, int Sequence);

/// <summary>Events: the public calendar and RSVPs; admins schedule, edit and cancel.</summary>
public static class EventsApi
{
    public const long MaxAdminBodyBytes = 128 * 1024;
    public const long MaxPublicBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/engagement/events").WithTags("Events");
        events.MapGet("/", ListAsync)
            .WithSummary("List upcoming events by country or region");
        events.MapGet("/calendar.ics", FeedAsync).Produces(StatusCodes.Status200OK, contentType: EventCalendar.ContentType)
            .WithSummary("Upcoming events as an iCalendar feed");
        events.MapGet("/{slug}", GetAsync)
            .WithSummary("An event with its seats left");
        events.MapGet("/{slug}/calendar.ics", CalendarAsync).Produces(StatusCodes.Status200OK, contentType: EventCalendar.ContentType)
            .WithSummary("One event as an iCalendar file");
        events.MapPost("/{slug}/rsvps", RsvpAsync).WithMetadata(new RequestSizeLimitAttribute(MaxPublicBodyBytes))
            .WithSummary("RSVP to an event (confirmed by email; a full event puts you on its waitlist)");

        var admin = events.MapGroup("").RequireEditor().WithMetadata(new RequestSizeLimitAttribute(MaxAdminBodyBytes));
        admin.MapPost("/", CreateAsync)
            .WithSummary("Schedule an event");
        admin.MapPut("/{slug}", UpdateAsync)
            .WithSummary("Edit an event (a new time is announced to attendees)");
        admin.MapPost("/{slug}/cancel", CancelAsync)
            .WithSummary("Cancel an event and tell its attendees");

        var rsvps = app.MapGroup("/api/engagement/rsvps").WithTags("Events").WithMetadata(new RequestSizeLimitAttribute(MaxPublicBodyBytes));
        rsvps.MapPost("/confirm", ConfirmRsvpAsync)
            .WithSummary("Confirm an RSVP with the mailed token");
        rsvps.MapPost("/cancel", CancelRsvpAsync)
            .WithSummary("Cancel an RSVP with its token (the next on the waitlist gets the seat)");
        return app;
    }

    public static async Task<Results<Created<SlugResponse>, ValidationProblem>> CreateAsync(
        EventRequest request, EventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (errors, schedule) = request.Validate(clock.GetUtcNow());
        if (schedule is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var slug = await store.CreateAsync(request, schedule, cancellationToken);
        return TypedResults.Created($"/api/engagement/events/{slug}", new SlugResponse(slug));
    }

    /// <summary>Edit an event: SEQUENCE rises, registered attendees are told, a larger capacity lets people in from the waitlist.</summary>
    public static async Task<Results<Ok<SlugResponse>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        string slug, EventRequest request, EventStore store, IOptions<MailOptions> mailOptions, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (errors, schedule) = request.Validate(clock.GetUtcNow());
        if (schedule is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var updated = await store.UpdateAsync(slug, request, schedule,
            (attendee, e) => EngagementMail.Changed(mailOptions.Value, attendee.Email, attendee.FirstName, e),
            (promoted, e) => EngagementMail.Registered(mailOptions.Value, promoted.Email, promoted.FirstName, e, fromWaitlist: true),
            cancellationToken);
        if (updated is null)
        {
            return TypedResults.NotFound();
        }

        if (updated.ToEvent().IsCancelled)
        {
            return TypedResults.Problem(title: "A cancelled event cannot be edited.", statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Ok(new SlugResponse(slug));
    }

    /// <summary>Cancel an event; everyone registered or waiting is mailed. Cancelling again changes nothing.</summary>
    public static async Task<Results<Ok<StatusResponse>, ValidationProblem, NotFound>> CancelAsync(
        string slug, ReasonRequest request, EventStore store, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var reason = request.Reason!.Trim();
        if (!await store.CancelAsync(slug, reason, (attendee, e) => EngagementMail.Cancelled(attendee.Email, attendee.FirstName, e, reason), cancellationToken))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new StatusResponse("cancelled"));
    }

    public static async Task<Results<Ok<EventSummary[]>, ValidationProblem>> ListAsync(
        string? country, string? region, string? format, EventStore store, CancellationToken cancellationToken)
    {
        var errors = new ServiceDefaults.Validation.FieldErrors()
            .When(country is not null && !Countries.Codes.Contains(country), "country", "An ISO 3166-1 alpha-2 code.")
            .MaxLength("region", region, 100)
            .When(format is not null && !EventRequest.Formats.Contains(format), "format", "Must be one of: hybrid, in-person, online.");
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var rows = await store.ListAsync(new EventFilter(country, region, format), cancellationToken);
        return TypedResults.Ok(rows.Select(EventSummary.From).ToArray());
    }

    public static async Task<Results<Ok<EventDetail>, NotFound>> GetAsync(
        string slug, EventStore store, MarkdownRenderer markdown, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(slug, cancellationToken) is not { } e)
        {
            return TypedResults.NotFound();
        }

        var venue = e.VenueName is null ? null : new VenueResponse(e.VenueName, e.VenueAddress, e.City, e.Region, e.Country);
        return TypedResults.Ok(new EventDetail(
            e.Slug, e.Title, e.Summary, e.Format, EventTimes.Format(e.StartsLocal), EventTimes.Format(e.EndsLocal), e.TimeZone,
            e.StartsAtUtc, e.EndsAtUtc, e.City, e.Region, e.Country, e.Capacity, e.Registered, e.Waitlisted, e.ToEvent().IsFull, e.Status,
            markdown.ToHtml(e.Description), venue, e.OrganizationSlug, e.LegislationSlug, e.CancelReason, e.Sequence));
    }

    public static async Task<Results<ContentHttpResult, NotFound>> CalendarAsync(
        string slug, EventStore store, IOptions<MailOptions> site, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(slug, cancellationToken) is not { } e)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Text(EventCalendar.Serialize([e], site.Value.PublicBaseUrl, clock.GetUtcNow()), EventCalendar.ContentType);
    }

    /// <summary>Every event not yet over, one feed to subscribe to.</summary>
    public static async Task<ContentHttpResult> FeedAsync(
        EventStore store, IOptions<MailOptions> site, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Text(EventCalendar.Serialize(await store.UpcomingAsync(cancellationToken), site.Value.PublicBaseUrl, clock.GetUtcNow()), EventCalendar.ContentType);

    /// <summary>Answer an event. The answer is the same whether or not this email already answered.</summary>
    public static async Task<Results<Accepted<StatusResponse>, ValidationProblem, NotFound, ProblemHttpResult>> RsvpAsync(
        string slug, RsvpRequest request, EventStore store, EmailRateLimit emailLimit, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var accepted = TypedResults.Accepted((string?)null, new StatusResponse("pending"));
        if (request.IsFromBot)
        {
            return accepted;
        }

        if (!await emailLimit.TryAcquireAsync(EmailAddress.Normalize(request.Email!)))
        {
            return TypedResults.Problem(title: "Too many requests for this email address; try again later.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var email = request.Email!.Trim();
        var outcome = await store.RsvpAsync(slug, request,
            send => EngagementMail.ConfirmRsvp(mailOptions.Value, email, send.FirstName, send.Event, send.ConfirmToken, send.CancelToken), cancellationToken);
        switch (outcome)
        {
            case RsvpOutcome.UnknownEvent:
                return TypedResults.NotFound();
            case RsvpOutcome.Closed:
                return TypedResults.Problem(title: "This event is cancelled or over.", statusCode: StatusCodes.Status409Conflict);
        }

        return accepted;
    }

    /// <summary>Confirm an RSVP: a seat if one is free and nobody waits, else a place in the queue. Again changes nothing.</summary>
    public static async Task<Results<Ok<StatusResponse>, ValidationProblem, ProblemHttpResult>> ConfirmRsvpAsync(
        TokenRequest request, EventStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not an RSVP token."] });
        }

        var outcome = await store.ConfirmRsvpAsync(request.Token!,
            (attendee, e) => EngagementMail.Registered(mailOptions.Value, attendee.Email, attendee.FirstName, e, fromWaitlist: false), cancellationToken);
        switch (outcome)
        {
            case ConfirmRsvpOutcome.Registered:
                return TypedResults.Ok(new StatusResponse("registered"));
            case ConfirmRsvpOutcome.Waitlisted waitlisted:
                return TypedResults.Ok(new StatusResponse("waitlisted", waitlisted.Position));
            case ConfirmRsvpOutcome.Cancelled:
                return TypedResults.Problem(title: "This RSVP or its event was cancelled.", statusCode: StatusCodes.Status409Conflict);
            case ConfirmRsvpOutcome.Expired:
                return TypedResults.Problem(title: "This link has expired.", detail: "Answer the event again to get a new link.", statusCode: StatusCodes.Status410Gone);
            default:
                return TypedResults.Problem(title: "Unknown RSVP token.", statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>Cancel with the private link: the seat goes at once to the first person waiting, who is mailed.</summary>
    public static async Task<Results<Ok<StatusResponse>, ValidationProblem, ProblemHttpResult>> CancelRsvpAsync(
        TokenRequest request, EventStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Not a cancel token."] });
        }

        var cancelled = await store.CancelRsvpAsync(request.Token!,
            (promoted, e) => EngagementMail.Registered(mailOptions.Value, promoted.Email, promoted.FirstName, e, fromWaitlist: true), cancellationToken);
        if (!cancelled)
        {
            return TypedResults.Problem(title: "Unknown cancel token.", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(new StatusResponse("cancelled"));
    }
}
