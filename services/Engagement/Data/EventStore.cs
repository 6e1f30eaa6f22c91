using Dapper;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public abstract record RsvpOutcome
{
    public sealed record SendConfirmation(EventRow Event, string FirstName, string ConfirmToken, string CancelToken) : RsvpOutcome;

    /// <summary>Already answered, or mailed too recently: nothing to do, nothing revealed.</summary>
    public sealed record NothingToDo : RsvpOutcome;

    public sealed record UnknownEvent : RsvpOutcome;

    /// <summary>Cancelled or already over.</summary>
    public sealed record Closed : RsvpOutcome;
}

public abstract record ConfirmRsvpOutcome
{
    public sealed record Registered : ConfirmRsvpOutcome;

    public sealed record Waitlisted(long Position) : ConfirmRsvpOutcome;

    public sealed record Cancelled : ConfirmRsvpOutcome;

    public sealed record Expired : ConfirmRsvpOutcome;

    public sealed record Unknown : ConfirmRsvpOutcome;
}

public sealed record EventFilter(string? Country, string? Region, string? Format);

/// <summary>
/// Events and their RSVPs. Every change to an event's seats runs under that event's row lock
/// (SELECT … FOR UPDATE), so concurrent confirmations and cancellations take seats one at a time.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, MailOutbox mailOutbox, TimeProvider clock)
{
    // Aliased to EventRow's members: Dapper does not match snake_case names to them.
    private const string Columns =
        """
        e.id, e.slug, e.title, e.summary, e.description, e.format, e.starts_local AS StartsLocal, e.ends_local AS EndsLocal,
        e.time_zone AS TimeZone, e.starts_at AS StartsAt, e.ends_at AS EndsAt, e.venue_name AS VenueName, e.venue_address AS VenueAddress,
        e.city, e.region, e.country, e.online_url AS OnlineUrl, e.capacity, e.organization_slug AS OrganizationSlug,
        e.legislation_slug AS LegislationSlug, e.status, e.cancel_reason AS CancelReason, e.sequence, e.created_at AS CreatedAt, e.updated_at AS UpdatedAt,
        (SELECT count(*) FROM rsvps r WHERE r.event_id = e.id AND r.status = 'registered') AS Registered,
        (SELECT count(*) FROM rsvps r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS Waitlisted
        """;

    private const string RsvpColumns =
        "id, email, first_name AS FirstName, status, queue_order AS QueueOrder, confirm_expires_at AS ConfirmExpiresAt";

    public async Task<string> CreateAsync(EventRequest request, EventSchedule schedule, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var slug = Slugs.From(request.Title!, "event", 50) + "-" + schedule.StartsLocal.Date.ToString("yyyy-MM-dd", null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // Two events with one title on one day get distinct slugs.
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM events WHERE slug = @slug)", new { slug }, tx, cancellationToken: cancellationToken)))
        {
            slug += "-" + id.ToString("N")[^6..];
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO events (id, slug, title, summary, description, format, starts_local, ends_local, time_zone, starts_at, ends_at,
                venue_name, venue_address, city, region, country, online_url, capacity, organization_slug, legislation_slug)
            VALUES (@id, @slug, @Title, @Summary, @Description, @Format, @StartsLocal, @EndsLocal, @TimeZone, @StartsAtUtc, @EndsAtUtc,
                @VenueName, @VenueAddress, @City, @Region, @Country, @OnlineUrl, @Capacity, @OrganizationSlug, @LegislationSlug)
            """, Parameters(request, schedule, new { id, slug }), tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return slug;
    }

    /// <summary>
    /// Applies an edit and, in the same transaction, queues a mail to each registered attendee and to each person a
    /// larger capacity let in from the waitlist. Returns the event as edited (unchanged when cancelled), or null when
    /// unknown. SEQUENCE rises.
    /// </summary>
    public async Task<EventRow?> UpdateAsync(
        string slug, EventRequest request, EventSchedule schedule,
        Func<Attendee, EventRow, MailMessage> changedMail, Func<Attendee, EventRow, MailMessage> promotedMail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(connection, tx, slug, cancellationToken) is not { } current)
        {
            return null;
        }

        if (current.ToEvent().IsCancelled)
        {
            return current;
        }

        // Capacity may shrink below the registered count: nobody loses a seat, newcomers wait.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE events SET title = @Title, summary = @Summary, description = @Description, format = @Format,
                starts_local = @StartsLocal, ends_local = @EndsLocal, time_zone = @TimeZone, starts_at = @StartsAtUtc, ends_at = @EndsAtUtc,
                venue_name = @VenueName, venue_address = @VenueAddress, city = @City, region = @Region, country = @Country,
                online_url = @OnlineUrl, capacity = @Capacity, organization_slug = @OrganizationSlug, legislation_slug = @LegislationSlug,
                sequence = sequence + 1, updated_at = @now
            WHERE id = @id
            """, Parameters(request, schedule, new { id = current.Id, now = clock.GetUtcNow() }), tx, cancellationToken: cancellationToken));
        var attendees = await AttendeesAsync(connection, tx, current.Id, [Rsvp.Registered], cancellationToken);
        var promoted = await PromoteAsync(connection, tx, current, request.Capacity, cancellationToken);
        var edited = await connection.QuerySingleAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.id = @id", new { id = current.Id }, tx, cancellationToken: cancellationToken));
        await QueueMailAsync(tx, attendees, edited, changedMail, cancellationToken);
        await QueueMailAsync(tx, promoted, edited, promotedMail, cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return edited;
    }

    /// <summary>
    /// Cancels the event and queues a mail to everyone registered or waiting, all in one transaction (cancelling
    /// again mails nobody). False when unknown.
    /// </summary>
    public async Task<bool> CancelAsync(string slug, string reason, Func<Attendee, EventRow, MailMessage> cancelledMail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(connection, tx, slug, cancellationToken) is not { } current)
        {
            return false;
        }

        if (current.ToEvent().IsCancelled)
        {
            return true;
        }

        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE events SET status = 'cancelled', cancel_reason = @reason, sequence = sequence + 1, updated_at = @now WHERE id = @id",
            new { id = current.Id, reason, now }, tx, cancellationToken: cancellationToken));
        var attendees = await AttendeesAsync(connection, tx, current.Id, [Rsvp.Registered, Rsvp.Waitlisted], cancellationToken);
        await QueueMailAsync(tx, attendees, current, cancelledMail, cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return true;
    }

    public async Task<EventRow?> GetAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.slug = @slug", new { slug }, cancellationToken: cancellationToken));
    }

    /// <summary>Upcoming events soonest first, then past ones newest first.</summary>
    public async Task<IReadOnlyList<EventRow>> ListAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM events e
            WHERE (@Country::text IS NULL OR e.country = @Country) AND (@Region::text IS NULL OR e.region = @Region)
              AND (@Format::text IS NULL OR e.format = @Format)
            ORDER BY e.ends_at < @now, CASE WHEN e.ends_at >= @now THEN e.starts_at END, e.starts_at DESC
            LIMIT 200
            """, new { filter.Country, filter.Region, filter.Format, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The calendar feed: events not yet over, cancelled ones included so subscribers learn of it.</summary>
    public async Task<IReadOnlyList<EventRow>> UpcomingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.ends_at >= @now ORDER BY e.starts_at LIMIT 500", new { now = clock.GetUtcNow() },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<EventRow>> ForLegislationAsync(string legislationSlug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.legislation_slug = @legislationSlug ORDER BY e.starts_at", new { legislationSlug },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// One answer per person per event: a known email only gets its mail again (new tokens), throttled. The mail
    /// is queued in the transaction that stores the answer.
    /// </summary>
    public async Task<RsvpOutcome> RsvpAsync(
        string slug, RsvpRequest request, Func<RsvpOutcome.SendConfirmation, MailMessage> confirmationMail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var e = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.slug = @slug", new { slug }, cancellationToken: cancellationToken));
        if (e is null)
        {
            return new RsvpOutcome.UnknownEvent();
        }

        if (!e.ToEvent().TakesAnswers(now))
        {
            return new RsvpOutcome.Closed();
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await AnswerAsync(connection, tx, e, request, now, cancellationToken);
        if (outcome is RsvpOutcome.SendConfirmation send)
        {
            await MailOutbox.AddAsync(tx, confirmationMail(send), cancellationToken);
            await mailOutbox.CommitAsync(tx, cancellationToken);
        }

        return outcome;
    }

    private static async Task<RsvpOutcome> AnswerAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventRow e, RsvpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var email = request.Email!.Trim();
        var confirmToken = Tokens.NewSecret();
        var cancelToken = Tokens.NewSecret();
        var values = new
        {
            id = Guid.CreateVersion7(), eventId = e.Id, email, normalized = EmailAddress.Normalize(email),
            firstName = request.FirstName!.Trim(), lastName = request.LastName!.Trim(),
            confirmHash = Tokens.Hash(confirmToken), cancelHash = Tokens.Hash(cancelToken),
            expires = now + ConfirmationLinks.Lifetime, now, throttle = now - ConfirmationLinks.ResendThrottle,
        };
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rsvps (id, event_id, email, email_normalized, first_name, last_name, confirm_token_hash, confirm_expires_at, cancel_token_hash, last_mailed_at)
            VALUES (@id, @eventId, @email, @normalized, @firstName, @lastName, @confirmHash, @expires, @cancelHash, @now)
            ON CONFLICT (event_id, email_normalized) DO NOTHING
            """, values, tx, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return new RsvpOutcome.SendConfirmation(e, values.firstName, confirmToken, cancelToken);
        }

        // Pending (or cancelled, answering again) gets a fresh mail; registered and waiting people keep their place.
        var firstName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            UPDATE rsvps SET confirm_token_hash = @confirmHash, cancel_token_hash = @cancelHash, confirm_expires_at = @expires,
                last_mailed_at = @now, status = 'pending', queue_order = NULL, confirmed_at = NULL, reminded_for = NULL
            WHERE event_id = @eventId AND email_normalized = @normalized AND status IN ('pending', 'cancelled') AND last_mailed_at < @throttle
            RETURNING first_name
            """, values, tx, cancellationToken: cancellationToken));
        return firstName is null ? new RsvpOutcome.NothingToDo() : new RsvpOutcome.SendConfirmation(e, firstName, confirmToken, cancelToken);
    }

    /// <summary>Takes a seat, or a place in the queue; a seat's mail is queued in the same transaction.</summary>
    public async Task<ConfirmRsvpOutcome> ConfirmRsvpAsync(string token, Func<Attendee, EventRow, MailMessage> registeredMail, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var eventId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT event_id FROM rsvps WHERE confirm_token_hash = @hash", new { hash }, tx, cancellationToken: cancellationToken));
        if (eventId is null)
        {
            return new ConfirmRsvpOutcome.Unknown();
        }

        // The event's row lock: everyone confirming for this event takes a seat one at a time.
        var e = await LockAsync(connection, tx, "e.id = @key", eventId.Value, cancellationToken)
            ?? throw new InvalidOperationException("RSVP without its event.");
        var rsvp = await connection.QuerySingleAsync<RsvpRow>(new CommandDefinition(
            $"SELECT {RsvpColumns} FROM rsvps WHERE confirm_token_hash = @hash", new { hash }, tx, cancellationToken: cancellationToken));
        var now = clock.GetUtcNow();
        var confirmation = Rsvp.Confirm(rsvp.Status, rsvp.ConfirmExpiresAtUtc, e.ToEvent(), now);
        switch (confirmation)
        {
            case RsvpConfirmation.AlreadyRegistered:
                return new ConfirmRsvpOutcome.Registered();
            case RsvpConfirmation.AlreadyWaitlisted:
                return new ConfirmRsvpOutcome.Waitlisted(await PositionAsync(connection, tx, e.Id, rsvp.QueueOrder!.Value, cancellationToken));
            case RsvpConfirmation.Cancelled or RsvpConfirmation.EventClosed:
                return new ConfirmRsvpOutcome.Cancelled();
            case RsvpConfirmation.Expired:
                return new ConfirmRsvpOutcome.Expired();
        }

        var status = confirmation == RsvpConfirmation.Waitlist ? Rsvp.Waitlisted : Rsvp.Registered;
        var order = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "UPDATE rsvps SET status = @status, queue_order = nextval('rsvp_order'), confirmed_at = @now WHERE id = @id RETURNING queue_order",
            new { status, now, id = rsvp.Id }, tx, cancellationToken: cancellationToken));
        if (confirmation == RsvpConfirmation.Waitlist)
        {
            var position = await PositionAsync(connection, tx, e.Id, order, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new ConfirmRsvpOutcome.Waitlisted(position);
        }

        await MailOutbox.AddAsync(tx, registeredMail(new Attendee(rsvp.Email, rsvp.FirstName), e), cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return new ConfirmRsvpOutcome.Registered();
    }

    /// <summary>
    /// Cancels the RSVP holding this private cancel token; a freed seat goes at once to the first people
    /// waiting, whose mail is queued in the same transaction. False for an unknown token.
    /// </summary>
    public async Task<bool> CancelRsvpAsync(string token, Func<Attendee, EventRow, MailMessage> promotedMail, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var eventId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT event_id FROM rsvps WHERE cancel_token_hash = @hash", new { hash }, tx, cancellationToken: cancellationToken));
        if (eventId is null)
        {
            return false;
        }

        var e = await LockAsync(connection, tx, "e.id = @key", eventId.Value, cancellationToken)
            ?? throw new InvalidOperationException("RSVP without its event.");
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE rsvps SET status = 'cancelled', queue_order = NULL WHERE cancel_token_hash = @hash AND status <> 'cancelled'",
            new { hash }, tx, cancellationToken: cancellationToken));

        var promoted = e.ToEvent().IsCancelled ? [] : await PromoteAsync(connection, tx, e, e.Capacity, cancellationToken);
        await QueueMailAsync(tx, promoted, e, promotedMail, cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return true;
    }

    /// <summary>
    /// An erased person's RSVPs go, every one; a seat they held at an event still to come goes at once to the first
    /// people waiting, whose mail is queued here. Returns the addresses the RSVPs were made with.
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetAttendeeAsync(
        NpgsqlTransaction tx, string normalizedEmail, Func<Attendee, EventRow, MailMessage> promotedMail, CancellationToken cancellationToken)
    {
        var connection = tx.Connection!;
        // Every event they answered is locked first, in one order (two erasures cannot deadlock), and their answers
        // read again under the locks: a confirmation racing the erasure is seen, and its seat goes to the next person.
        var events = new List<EventRow>();
        foreach (var eventId in await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT DISTINCT event_id FROM rsvps WHERE email_normalized = @normalizedEmail ORDER BY event_id", new { normalizedEmail }, tx,
            cancellationToken: cancellationToken)))
        {
            events.Add(await LockAsync(connection, tx, "e.id = @key", eventId, cancellationToken)
                ?? throw new InvalidOperationException("RSVP without its event."));
        }

        var held = (await connection.QueryAsync<(Guid EventId, string Email, string Status)>(new CommandDefinition(
            "SELECT event_id, email, status FROM rsvps WHERE email_normalized = @normalizedEmail", new { normalizedEmail }, tx,
            cancellationToken: cancellationToken))).AsList();
        var now = clock.GetUtcNow();
        var seated = events.Where(e => e.ToEvent().IsStillToCome(now)
            && held.Any(r => r.EventId == e.Id && r.Status == Rsvp.Registered)).ToList();

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rsvps WHERE email_normalized = @normalizedEmail", new { normalizedEmail }, tx, cancellationToken: cancellationToken));
        foreach (var e in seated)
        {
            await QueueMailAsync(tx, await PromoteAsync(connection, tx, e, e.Capacity, cancellationToken), e, promotedMail, cancellationToken);
        }

        return held.Select(r => r.Email).ToList();
    }

    /// <summary>Under the event's lock: registers the first people waiting, in order, while seats are free.</summary>
    private async Task<IReadOnlyList<Attendee>> PromoteAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventRow e, int? capacity, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await connection.QueryAsync<RsvpRow>(new CommandDefinition(
            $"""
            UPDATE rsvps SET status = 'registered', confirmed_at = @now
            WHERE id IN (
                SELECT id FROM rsvps WHERE event_id = @eventId AND status = 'waitlisted' ORDER BY queue_order
                LIMIT greatest(0, coalesce(@capacity, 2147483647) - (SELECT count(*) FROM rsvps WHERE event_id = @eventId AND status = 'registered')))
            RETURNING {RsvpColumns}
            """, new { eventId = e.Id, capacity, now }, tx, cancellationToken: cancellationToken));
        return rows.Select(row => new Attendee(row.Email, row.FirstName)).ToList();
    }

    private static async Task QueueMailAsync(
        NpgsqlTransaction tx, IEnumerable<Attendee> attendees, EventRow e, Func<Attendee, EventRow, MailMessage> mail, CancellationToken cancellationToken)
    {
        foreach (var attendee in attendees)
        {
            await MailOutbox.AddAsync(tx, mail(attendee, e), cancellationToken);
        }
    }

    /// <summary>
    /// Claims the reminders due (events starting within <paramref name="ahead"/>) by stamping the start time they
    /// are for, and queues their mail in the same transaction. The claim is one UPDATE with SKIP LOCKED, so each
    /// reminder is queued by exactly one replica, a crash after the claim loses none, and a rescheduled event is
    /// reminded afresh while the stale reminder is never sent. Returns how many were queued.
    /// </summary>
    public async Task<int> QueueDueRemindersAsync(TimeSpan ahead, int batch, Func<Attendee, EventRow, MailMessage> reminder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = (await connection.QueryAsync<(string Email, string FirstName, Guid EventId)>(new CommandDefinition(
            """
            UPDATE rsvps r SET reminded_for = e.starts_at
            FROM events e
            WHERE r.event_id = e.id AND r.id IN (
                SELECT r2.id FROM rsvps r2 JOIN events e2 ON e2.id = r2.event_id
                WHERE r2.status = 'registered' AND e2.status = 'scheduled'
                  AND e2.starts_at > @now AND e2.starts_at <= @until
                  AND r2.reminded_for IS DISTINCT FROM e2.starts_at
                LIMIT @batch FOR UPDATE OF r2 SKIP LOCKED)
            RETURNING r.email, r.first_name, e.id
            """, new { now, until = now + ahead, batch }, tx, cancellationToken: cancellationToken))).AsList();
        if (claimed.Count == 0)
        {
            await tx.CommitAsync(cancellationToken);
            return 0;
        }

        var events = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.id = ANY(@ids)", new { ids = claimed.Select(c => c.EventId).Distinct().ToArray() }, tx,
            cancellationToken: cancellationToken))).ToDictionary(e => e.Id);
        foreach (var (email, firstName, eventId) in claimed)
        {
            await MailOutbox.AddAsync(tx, reminder(new Attendee(email, firstName), events[eventId]), cancellationToken);
        }

        await mailOutbox.CommitAsync(tx, cancellationToken);
        return claimed.Count;
    }

    private static Task<EventRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string slug, CancellationToken cancellationToken) =>
        LockAsync(connection, tx, "e.slug = @key", slug, cancellationToken);

    // Lock first, then read in a second statement: under READ COMMITTED only a statement that starts after
    // the lock was granted sees the seats taken by whoever held it before.
    private static async Task<EventRow?> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string where, object key, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            $"SELECT e.id FROM events e WHERE {where} FOR UPDATE", new { key }, tx, cancellationToken: cancellationToken)) is not { } id)
        {
            return null;
        }

        return await connection.QuerySingleAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.id = @id", new { id }, tx, cancellationToken: cancellationToken));
    }

    private static async Task<long> PositionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid eventId, long order, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM rsvps WHERE event_id = @eventId AND status = 'waitlisted' AND queue_order <= @order", new { eventId, order }, tx,
            cancellationToken: cancellationToken));

    private static async Task<IReadOnlyList<Attendee>> AttendeesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid eventId, string[] statuses, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Email, string FirstName)>(new CommandDefinition(
            "SELECT email, first_name FROM rsvps WHERE event_id = @eventId AND status = ANY(@statuses) ORDER BY queue_order", new { eventId, statuses }, tx,
            cancellationToken: cancellationToken));
        return rows.Select(r => new Attendee(r.Email, r.FirstName)).ToList();
    }

    private static DynamicParameters Parameters(EventRequest r, EventSchedule s, object extra)
    {
        var p = new DynamicParameters(extra);
        p.AddDynamicParams(new
        {
            Title = r.Title!.Trim(), Summary = r.Summary!.Trim(), r.Description, r.Format,
            StartsLocal = EventTimes.ToDateTime(s.StartsLocal), EndsLocal = EventTimes.ToDateTime(s.EndsLocal), s.TimeZone,
            s.StartsAtUtc, s.EndsAtUtc,
            VenueName = Text.NullIfBlank(r.Venue?.Name), VenueAddress = Text.NullIfBlank(r.Venue?.Address),
            City = Text.NullIfBlank(r.Venue?.City), Region = Text.NullIfBlank(r.Venue?.Region), Country = Text.NullIfBlank(r.Venue?.Country),
            OnlineUrl = Text.NullIfBlank(r.OnlineUrl), r.Capacity, r.OrganizationSlug, r.LegislationSlug,
        });
        return p;
    }

    private sealed class RsvpRow
    {
        public Guid Id { get; init; }
        public string Email { get; init; } = "";
        public string FirstName { get; init; } = "";
        public string Status { get; init; } = "";
        public long? QueueOrder { get; init; }
        public DateTime ConfirmExpiresAt { get; init; }

        public DateTimeOffset ConfirmExpiresAtUtc => new(DateTime.SpecifyKind(ConfirmExpiresAt, DateTimeKind.Utc));
    }
}
