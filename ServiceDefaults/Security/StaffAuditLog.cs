using Dapper;
using Npgsql;

namespace FlexPlatform.ServiceDefaults.Security;

public sealed record AuditEntry(long Id, DateTimeOffset At, string Staff, string Role, string Action, string Route, string? Target, int? Status);

/// <summary>Filters on the audit log: one member of staff, words in the action, route or object, newest first.</summary>
public sealed record AuditQuery(string? Staff, string? Text, int Page, int PageSize);

/// <summary>
/// The audit log of staff writes kept in this service's own database (<c>staff_audit</c>): begun before the action
/// runs, finished with its status after (<see cref="StaffAuditMiddleware"/>), read by admins.
/// </summary>
public sealed class StaffAuditLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<long> BeginAsync(string staff, string role, string action, string route, string? target, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO staff_audit (at, staff, role, action, route, target) VALUES (@at, @staff, @role, @action, @route, @target) RETURNING id",
            new { at = clock.GetUtcNow(), staff, role, action, route, target }, cancellationToken: cancellationToken));
    }

    public async Task EndAsync(long id, int status)
    {
        // Not cancellable: the client leaving does not undo what was done.
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE staff_audit SET status = @status WHERE id = @id", new { id, status });
    }

    /// <summary>A whole entry at once, for a write that is not an API call (the console's staff management).</summary>
    public async Task RecordAsync(string staff, string role, string action, string route, string? target, int status, CancellationToken cancellationToken)
    {
        var id = await BeginAsync(staff, role, action, route, target, cancellationToken);
        await EndAsync(id, status);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            """
            SELECT id, at, staff, role, action, route, target, status FROM staff_audit
            WHERE (@staff::text IS NULL OR staff = @staff)
              AND (@pattern::text IS NULL OR action ILIKE @pattern OR route ILIKE @pattern OR target ILIKE @pattern)
            ORDER BY at DESC, id DESC
            LIMIT @limit OFFSET @offset
            """,
            new
            {
                staff = query.Staff,
                pattern = query.Text is null ? null : "%" + query.Text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%",
                limit = query.PageSize,
                offset = (query.Page - 1) * query.PageSize,
            }, cancellationToken: cancellationToken))).AsList();
    }
}
