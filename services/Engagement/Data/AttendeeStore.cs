using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

/// <summary>One person who answered an event: registered (with a seat) or on its waitlist, at a position.</summary>
public sealed record AttendeeRow(string FirstName, string LastName, string Email, string Status, long? Position, DateTime? ConfirmedAt);

/// <summary>
/// An event's attendees for its organizers: registered ones in the order they confirmed, then the waitlist in its
/// order. Pending (unconfirmed) and cancelled answers are nobody's attendees.
/// </summary>
public sealed class AttendeeStore(NpgsqlDataSource dataSource)
{
    private const string Query =
        """
        SELECT r.first_name AS FirstName, r.last_name AS LastName, r.email, r.status,
               CASE WHEN r.status = 'waitlisted' THEN row_number() OVER (PARTITION BY r.status ORDER BY r.queue_order) END AS Position,
               r.confirmed_at AS ConfirmedAt
        FROM rsvps r
        WHERE r.event_id = @eventId AND r.status IN ('registered', 'waitlisted')
        ORDER BY r.status = 'waitlisted', r.queue_order, r.confirmed_at, r.id
        """;

    /// <summary>The event's id, or null if there is no such event.</summary>
    public async Task<Guid?> EventIdAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM events WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AttendeeRow>> PageAsync(Guid eventId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttendeeRow>(new CommandDefinition(
            $"{Query} LIMIT @pageSize OFFSET @offset", new { eventId, pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Every attendee, read as they are written out: an event of any size never sits in memory.</summary>
    public async IAsyncEnumerable<AttendeeRow> AllAsync(Guid eventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<AttendeeRow>(Query, new { eventId }).WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
