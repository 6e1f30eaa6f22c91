using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Operations;

/// <summary>
/// What waits or is stuck in one service, in one answer: events not yet relayed and events set aside as
/// unpublishable, mail queued, retrying and dead, and each consumer's parked messages. A part this service does not
/// have, or cannot read right now (its database or broker away), is null.
/// </summary>
public sealed record OperationsState(long? OutboxBacklog, long? OutboxDead, MailQueueState? Mail, IReadOnlyList<ErrorQueueState>? ErrorQueues);

/// <summary>Admin only: <c>GET /admin/state</c>, read by the staff console's overview (the replays have routes of their own).</summary>
public static class OperationsStateApi
{
    public static IEndpointRouteBuilder MapOperationsStateApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/state", StateAsync).WithTags("Operations").RequireAdmin()
            .WithSummary("What waits or is stuck here: outbox, mail, error queues");
        return app;
    }

    public static async Task<Ok<OperationsState>> StateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var outbox = services.GetService<Outbox>() is null ? null : services.GetService<NpgsqlDataSource>();
        var mail = services.GetService<MailQueue>();
        var errors = services.GetService<ErrorQueues>();
        return TypedResults.Ok(new OperationsState(
            outbox is null ? null : await ReadAsync(() => CountAsync(outbox, "outbox_messages", cancellationToken)),
            outbox is null ? null : await ReadAsync(() => CountAsync(outbox, "outbox_dead", cancellationToken)),
            mail is null ? null : await ReadAsync(() => mail.CountAsync(cancellationToken)),
            errors is null ? null : await ReadAsync(() => errors.CountAsync(cancellationToken))));
    }

    private static async Task<long?> CountAsync(NpgsqlDataSource dataSource, string table, CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
    }

    // A dependency that is away leaves its part unknown rather than failing the whole answer.
    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            return default;
        }
    }
}
