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

    /// <summary>Adds an event to the transaction; returns the message id consumers deduplicate on.</summary>
    public async Task<Guid> AddAsync<T>(NpgsqlTransaction transaction, T message, CancellationToken cancellationToken = default)
        where T : class
    {
        var id = Guid.CreateVersion7();
        await using var command = new NpgsqlCommand(
            "INSERT INTO outbox_messages (message_id, message_type, body, trace_parent) VALUES ($1, $2, $3, $4)",
            transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = TypeName(typeof(T)) });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(message, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = TraceParent(), NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>Commits and wakes the dispatcher so the events leave now, not at the next poll.</summary>
    public async Task CommitAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    // The relay publishes later, outside this operation: the row carries its trace on.
    private static object TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id! : DBNull.Value;
}
