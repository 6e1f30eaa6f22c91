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
        where T : class
    {
        var id = Guid.CreateVersion7();
        await using var command = new NpgsqlCommand(
            "INSERT INTO outbox_messages (message_id, message_type, body, trace_parent) VALUES ($1, $2, $3, $4)",
            transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = TypeName(typeof(T)) });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(message, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)traceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
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
