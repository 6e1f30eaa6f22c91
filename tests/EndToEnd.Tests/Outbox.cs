using System.Text.Json;
using FlexPlatform.Testing;
using Npgsql;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>
/// Puts an event into a service's outbox the way its own transaction would, so tests choose the
/// order events are delivered in (a withdrawal before its confirmation).
/// </summary>
internal static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Guid> PublishAsync(this PlatformFixture platform, string database, string contract, object body)
    {
        var messageId = Guid.NewGuid();
        await using var connection = platform.OpenDatabase(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO outbox_messages (message_id, message_type, body) VALUES ($1, $2, $3::jsonb)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        command.Parameters.Add(new NpgsqlParameter { Value = $"FlexPlatform.Contracts.{contract}, FlexPlatform.Contracts" });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(body, Json) });
        await command.ExecuteNonQueryAsync();
        return messageId;
    }

    /// <summary>Waits until the consumer recorded the message in its inbox (handled, with its writes committed).</summary>
    public static Task<long> HandledAsync(this PlatformFixture platform, string database, Guid messageId, string consumer) =>
        PlatformFixture.EventuallyAsync(
            () => platform.ScalarAsync(database, $"SELECT count(*) FROM inbox_messages WHERE message_id = '{messageId}' AND consumer = '{consumer}'"),
            n => n == 1, TimeSpan.FromSeconds(30));
}
