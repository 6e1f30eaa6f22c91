using Dapper;
using FlexPlatform.Coalition.Domain;
using FlexPlatform.Contracts.Coalition;
using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Coalition.Data;

public sealed record PendingApplication(Guid ApplicationId, string Name, string Kind, string Website, string Country, string Statement, string ContactName, string ContactEmail, DateTimeOffset AppliedAt);

/// <summary>Whom to tell about a decision; read inside the deciding transaction, never shown publicly.</summary>
public sealed record Contact(string Name, string ContactName, string ContactEmail);

public abstract record ApprovalOutcome
{
    public sealed record Approved(Guid ApplicationId, string Slug, string Code) : ApprovalOutcome;

    public sealed record NotFound : ApprovalOutcome;

    public sealed record AlreadyDecided(string Status) : ApprovalOutcome;
}

public abstract record RejectionOutcome
{
    public sealed record Rejected : RejectionOutcome;

    public sealed record NotFound : RejectionOutcome;

    public sealed record AlreadyDecided(string Status) : RejectionOutcome;
}

/// <summary>What using an application's confirmation link did.</summary>
public enum ConfirmationOutcome
{
    Confirmed,
    Expired,
    Unknown,
}

/// <summary>Coalition's SQL for applications and approvals; every decision, its event and its mail commit together.</summary>
public sealed class OrganizationStore(NpgsqlDataSource dataSource, Outbox outbox, MailOutbox mailOutbox, TimeProvider clock)
{
    private const int CollisionAttempts = 5;

    /// <summary>Applications one contact address may make per hour (as stories per author): more is refused with 429.</summary>
    public const int ApplicationsPerContactPerHour = 5;

    /// <summary>How long the contact's confirmation link works.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromHours(48);

    /// <summary>
    /// Stores the application unverified and queues the contact's confirmation link in the same transaction; it
    /// reaches the moderators once the link is used. Applications from one contact address are counted under a
    /// lock on it, so the hourly limit holds exactly. Null when the address is over its limit.
    /// </summary>
    public async Task<Guid?> ApplyAsync(ApplicationRequest request, Func<string, MailMessage> confirmationMail, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var contactEmail = request.ContactEmail!.Trim();
        var normalized = EmailAddress.Normalize(contactEmail);
        var token = Tokens.NewSecret();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('applications:' || @normalized, 0))", new { normalized }, tx, cancellationToken: cancellationToken));
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM organizations WHERE contact_email_normalized = @normalized AND applied_at > now() - interval '1 hour'",
                new { normalized }, tx, cancellationToken: cancellationToken)) >= ApplicationsPerContactPerHour)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO organizations (id, name, kind, website, country, statement, contact_name, contact_email, contact_email_normalized,
                                       status, confirm_token_hash, confirm_expires_at)
            VALUES (@id, @Name, @Kind, @Website, @Country, @Statement, @ContactName, @contactEmail, @normalized,
                    'unverified', @hash, @expires)
            """,
            new
            {
                id,
                Name = request.Name!.Trim(),
                request.Kind,
                Website = request.Website!.Trim(),
                request.Country,
                Statement = request.Statement!.Trim(),
                ContactName = request.ContactName!.Trim(),
                contactEmail,
                normalized,
                hash = Tokens.Hash(token),
                expires = clock.GetUtcNow() + ConfirmationLifetime,
            },
            tx, cancellationToken: cancellationToken));
        await MailOutbox.AddAsync(tx, confirmationMail(token), cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return id;
    }

    /// <summary>The contact confirmed the address: the application joins the moderators' queue. Using the link again answers the same.</summary>
    public async Task<ConfirmationOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<(string Status, DateTimeOffset ExpiresAt)?>(new CommandDefinition(
            """
            UPDATE organizations o SET status = CASE WHEN o.status = 'unverified' AND o.confirm_expires_at > now() THEN 'pending' ELSE o.status END,
                                       verified_at = CASE WHEN o.status = 'unverified' AND o.confirm_expires_at > now() THEN now() ELSE o.verified_at END
            WHERE o.confirm_token_hash = @hash
            RETURNING o.status, o.confirm_expires_at
            """, new { hash }, cancellationToken: cancellationToken));
        return state switch
        {
            null => ConfirmationOutcome.Unknown,
            { Status: "unverified" } => ConfirmationOutcome.Expired,
            _ => ConfirmationOutcome.Confirmed,
        };
    }

    /// <summary>The moderators' queue, a page at a time, oldest confirmation first: the only place contacts are shown.</summary>
    public async Task<(IReadOnlyList<PendingApplication> Page, long Total)> ListPendingAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM organizations WHERE status = 'pending'", cancellationToken: cancellationToken));
        var rows = (await connection.QueryAsync<PendingApplication>(new CommandDefinition(
            """
            SELECT id AS ApplicationId, name, kind, website, country, statement, contact_name AS ContactName,
                   contact_email AS ContactEmail, applied_at AS AppliedAt
            FROM organizations WHERE status = 'pending' ORDER BY verified_at, id LIMIT @pageSize OFFSET @offset
            """, new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken))).AsList();
        return (rows, total);
    }

    /// <summary>
    /// Gives the organization a public slug and a pledge code, and queues the contact's mail in the same
    /// transaction (approving again mails nobody). Two approvals racing for one slug (same name) or drawing
    /// one code: the loser's transaction rolls back and tries again with the next free one.
    /// </summary>
    public async Task<ApprovalOutcome> ApproveAsync(
        Guid id, Func<Contact, ApprovalOutcome.Approved, MailMessage> approvalMail, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryApproveAsync(id, approvalMail, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < CollisionAttempts)
            {
                // Slug or code taken by a concurrent approval: look again.
            }
        }
    }

    private async Task<ApprovalOutcome> TryApproveAsync(
        Guid id, Func<Contact, ApprovalOutcome.Approved, MailMessage> approvalMail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var organization = await connection.QuerySingleOrDefaultAsync<OrganizationRow>(
            new CommandDefinition("SELECT name, kind, country, status, slug, code, contact_name AS ContactName, contact_email AS ContactEmail FROM organizations WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: cancellationToken));
        if (organization is null)
        {
            return new ApprovalOutcome.NotFound();
        }

        if (organization.Status == "approved")
        {
            return new ApprovalOutcome.Approved(id, organization.Slug!, organization.Code!);
        }

        if (organization.Status != "pending")
        {
            return new ApprovalOutcome.AlreadyDecided(organization.Status);
        }

        var slug = await UniqueSlugAsync(tx, OrganizationNames.Slugify(organization.Name), cancellationToken);
        var code = OrganizationNames.NewCode();
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE organizations SET status = 'approved', slug = @slug, code = @code, decided_at = @now WHERE id = @id",
            new { id, slug, code, now }, tx, cancellationToken: cancellationToken));
        await outbox.AddAsync(tx, new OrganizationApproved(id, slug, organization.Name, organization.Kind, organization.Country), cancellationToken);
        var approved = new ApprovalOutcome.Approved(id, slug, code);
        await MailOutbox.AddAsync(tx, approvalMail(organization.Contact, approved), cancellationToken);
        await mailOutbox.CommitAsync(tx, outbox, cancellationToken);
        return approved;
    }

    /// <summary>
    /// Turns a pending application down with its reason and queues the contact's mail in the same transaction;
    /// rejecting again answers the same and mails nobody.
    /// </summary>
    public async Task<RejectionOutcome> RejectAsync(Guid id, string reason, Func<Contact, MailMessage> rejectionMail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var organization = await connection.QuerySingleOrDefaultAsync<OrganizationRow>(
            new CommandDefinition("SELECT name, kind, country, status, slug, code, contact_name AS ContactName, contact_email AS ContactEmail FROM organizations WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: cancellationToken));
        switch (organization?.Status)
        {
            case null:
                return new RejectionOutcome.NotFound();
            case "rejected":
                return new RejectionOutcome.Rejected();
            case not "pending":
                return new RejectionOutcome.AlreadyDecided(organization.Status);
        }

        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE organizations SET status = 'rejected', rejection_reason = @reason, decided_at = @now WHERE id = @id",
            new { id, reason, now }, tx, cancellationToken: cancellationToken));
        await MailOutbox.AddAsync(tx, rejectionMail(organization.Contact), cancellationToken);
        await mailOutbox.CommitAsync(tx, cancellationToken);
        return new RejectionOutcome.Rejected();
    }

    /// <summary>Takes a member off the directory (its code stops taking pledges). False when no member has this slug.</summary>
    public async Task<bool> RemoveAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "UPDATE organizations SET status = 'removed', featured = false, decided_at = @now WHERE slug = @slug AND status = 'approved' RETURNING id",
            new { slug, now }, tx, cancellationToken: cancellationToken));
        if (id is null)
        {
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = @slug)", new { slug }, tx, cancellationToken: cancellationToken));
        }

        await outbox.AddAsync(tx, new OrganizationRemoved(id.Value), cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        return true;
    }

    /// <summary>Featured members lead the directory. False when no approved member has this slug.</summary>
    public async Task<bool> SetFeaturedAsync(string slug, bool featured, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE organizations SET featured = @featured WHERE slug = @slug AND status = 'approved'",
            new { slug, featured }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed record OrganizationRow(string Name, string Kind, string Country, string Status, string? Slug, string? Code, string ContactName, string ContactEmail)
    {
        public Contact Contact => new(Name, ContactName, ContactEmail);
    }

    private static async Task<string> UniqueSlugAsync(NpgsqlTransaction tx, string baseSlug, CancellationToken cancellationToken)
    {
        // Approvals of one name take turns choosing (until each commits): six at once would otherwise each need up to
        // six tries, one winner a round, past the retries a code collision gets.
        await tx.Connection!.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('organization-slug:' || @baseSlug))", new { baseSlug }, tx, cancellationToken: cancellationToken));
        var taken = (await tx.Connection!.QueryAsync<string>(new CommandDefinition(
            @"SELECT slug FROM organizations WHERE slug = @baseSlug OR slug LIKE @pattern ESCAPE '\'",
            new { baseSlug, pattern = baseSlug.Replace("_", "\\_", StringComparison.Ordinal) + "-%" }, tx, cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        var slug = baseSlug;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        return slug;
    }
}
