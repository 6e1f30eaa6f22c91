using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Writes events into <c>outbox_messages</c> inside the caller's transaction, so an event exists
/// exactly when the state change it describes was committed.
/// </summary>
public sealed class Outbox(OutboxSignal signal)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an event to the transaction; returns the message id consumers deduplicate on. The relay publishes later,
    /// outside this operation: the row carries its trace on.
    /// </summary>
    public Task<Guid> AddAsync<T>(NpgsqlTransaction transaction, T message, CancellationToken cancellationToken = default)
        where T : class =>
        AddAsync(transaction, message, CurrentTraceParent(), cancellationToken);

    /// <summary>
    /// Adds an event written on behalf of another operation (a request whose write a batch carries): it continues
    /// <paramref name="traceParent"/>'s trace rather than the batch's.
    /// </summary>
    public async Task<Guid> AddAsync<T>(NpgsqlTransaction transaction, T message, string? traceParent, CancellationToken cancellationToken = default)
        where T : class =>
        (await AddAllAsync(transaction, [(message, traceParent)], cancellationToken))[0];

    /// <summary>
    /// Adds many events of one type in one statement (a batch's events: one round trip, not one each), in the order
    /// given, each continuing its own trace; returns their message ids in that order.
    /// </summary>
    public async Task<Guid[]> AddAllAsync<T>(NpgsqlTransaction transaction, IReadOnlyList<(T Message, string? TraceParent)> events, CancellationToken cancellationToken = default)
        where T : class
    {
        var ids = new Guid[events.Count];
        if (ids.Length == 0)
        {
            return ids;
        }

        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Guid.CreateVersion7();
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (message_id, message_type, body, trace_parent)
            SELECT e.id, $2, e.body::jsonb, e.trace_parent FROM unnest($1::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS e(id, body, trace_parent, n)
            ORDER BY e.n
            """,
            transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = TypeName(typeof(T)) });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => JsonSerializer.Serialize(e.Message, Json)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.TraceParent).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ids;
    }

    /// <summary>Commits and wakes the dispatcher so the events leave now, not at the next poll.</summary>
    public async Task CommitAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
    }

    /// <summary>The current operation's W3C trace parent, for an event that should continue its trace; null outside one.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
