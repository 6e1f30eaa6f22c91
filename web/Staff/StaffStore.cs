using Dapper;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.Web.Staff;

/// <summary>Why a change to the staff list was refused.</summary>
public enum StaffChange
{
    Done,
    NotFound,
    AlreadyStaff,
    LastAdmin,
}

/// <summary>
/// The staff list and their one-time sign-in links (<c>staffdb</c>, owned by the web). A link's mail is queued in the
/// transaction that creates the link, and only the hash of its secret is stored.
/// </summary>
public sealed class StaffStore(NpgsqlDataSource dataSource, MailOutbox mail, IOptions<StaffOptions> options, IOptions<MailOptions> mailOptions, TimeProvider clock)
{
    private const string Details = "role, added_by AS AddedBy, added_at AS AddedAt, last_signed_in_at AS LastSignedInAt, session_version AS SessionVersion";
    private const string Columns = "email, " + Details;

    public async Task EnsureFirstAdminsAsync(CancellationToken cancellationToken)
    {
        var emails = options.Value.FirstAdmins.Where(EmailAddress.IsValid).Select(EmailAddress.Normalize).Distinct().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Only while the console has no admin: a first admin removed later stays removed across restarts.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO staff (email, role, added_by)
            SELECT unnest(@emails), 'admin', 'configuration' WHERE NOT EXISTS (SELECT 1 FROM staff WHERE role = 'admin')
            ON CONFLICT (email) DO NOTHING
            """, new { emails }, cancellationToken: cancellationToken));
    }

    public async Task<StaffMember?> FindAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StaffMember>(new CommandDefinition(
            $"SELECT {Columns} FROM staff WHERE email = @email", new { email }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<StaffMember>(new CommandDefinition(
            $"SELECT {Columns} FROM staff ORDER BY role, email", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Mails a sign-in link if the address belongs to staff and has not asked too often; otherwise does nothing.
    /// The caller answers the same either way, so the form tells no one who is staff.
    /// </summary>
    public async Task RequestLinkAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The staff row is locked so two requests at once cannot both pass the hourly count.
        var known = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM staff WHERE email = @email FOR UPDATE)", new { email }, tx, cancellationToken: cancellationToken));
        var now = clock.GetUtcNow();
        if (!known || await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM staff_sign_in_links WHERE email = @email AND created_at > @since",
                new { email, since = now.AddHours(-1) }, tx, cancellationToken: cancellationToken)) >= options.Value.LinksPerHour)
        {
            return;
        }

        await AddLinkAsync(tx, email, now, "Your sign-in link for the staff console", cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM staff_sign_in_links WHERE expires_at < @before", new { before = now.AddDays(-1) }, tx, cancellationToken: cancellationToken));
        await mail.CommitAsync(tx, cancellationToken);
    }

    /// <summary>Uses a link once, within its lifetime: the member of staff it signs in, or null.</summary>
    public async Task<StaffMember?> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        if (!Tokens.IsWellFormed(token))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StaffMember>(new CommandDefinition(
            $"""
            WITH used AS (
                UPDATE staff_sign_in_links SET used_at = @now
                WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
                RETURNING email)
            UPDATE staff SET last_signed_in_at = @now FROM used WHERE staff.email = used.email
            RETURNING staff.email, {Details}
            """, new { hash = Tokens.Hash(token), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds a member of staff and mails them a sign-in link.</summary>
    public async Task<StaffChange> InviteAsync(string email, string role, string by, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO staff (email, role, added_by) VALUES (@email, @role, @by) ON CONFLICT (email) DO NOTHING",
                new { email, role, by }, tx, cancellationToken: cancellationToken)) == 0)
        {
            return StaffChange.AlreadyStaff;
        }

        await AddLinkAsync(tx, email, clock.GetUtcNow(), $"{by} added you to the staff console", cancellationToken);
        await mail.CommitAsync(tx, cancellationToken);
        return StaffChange.Done;
    }

    /// <summary>A new role; their sessions end, so the next request is made with it. The last admin keeps theirs.</summary>
    public Task<StaffChange> ChangeRoleAsync(string email, string role, CancellationToken cancellationToken) =>
        ChangeAsync(email, role == StaffRoles.Admin,
            "UPDATE staff SET role = @role, session_version = session_version + 1 WHERE email = @email", new { email, role }, cancellationToken);

    /// <summary>Removes a member of staff (their sessions and links end with them). The last admin stays.</summary>
    public Task<StaffChange> RemoveAsync(string email, CancellationToken cancellationToken) =>
        ChangeAsync(email, keepsAdmin: false, "DELETE FROM staff WHERE email = @email", new { email }, cancellationToken);

    /// <summary>Ends every session of this member of staff (sign out everywhere).</summary>
    public async Task EndSessionsAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE staff SET session_version = session_version + 1 WHERE email = @email", new { email }, cancellationToken: cancellationToken));
    }

    private async Task<StaffChange> ChangeAsync(string email, bool keepsAdmin, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // Admins are locked together: two admins demoting each other at once cannot leave none.
        var admins = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT email FROM staff WHERE role = 'admin' ORDER BY email FOR UPDATE", transaction: tx, cancellationToken: cancellationToken))).AsList();
        if (admins is [var last] && last == email && !keepsAdmin)
        {
            return StaffChange.LastAdmin;
        }

        if (await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken)) == 0)
        {
            return StaffChange.NotFound;
        }

        await tx.CommitAsync(cancellationToken);
        return StaffChange.Done;
    }

    private async Task AddLinkAsync(NpgsqlTransaction tx, string email, DateTimeOffset now, string subject, CancellationToken cancellationToken)
    {
        var token = Tokens.NewSecret();
        var lifetime = options.Value.LinkLifetime;
        await tx.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_sign_in_links (token_hash, email, created_at, expires_at) VALUES (@hash, @email, @now, @expires)",
            new { hash = Tokens.Hash(token), email, now, expires = now + lifetime }, tx, cancellationToken: cancellationToken));
        await MailOutbox.AddAsync(tx, SignInMail.Compose(mailOptions.Value, email, subject, token, lifetime), cancellationToken);
    }
}
