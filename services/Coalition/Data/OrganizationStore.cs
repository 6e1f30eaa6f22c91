using Dapper;
using FlexPlatform.Coalition.Domain;
using FlexPlatform.Contracts.Coalition;
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

/// <summary>Coalition's SQL for applications and approvals; every decision, its event and its mail commit together.</summary>
public sealed class OrganizationStore(NpgsqlDataSource dataSource, Outbox outbox, MailOutbox mailOutbox, TimeProvider clock)
{
    private const int CollisionAttempts = 5;

    public async Task<Guid> ApplyAsync(ApplicationRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO organizations (id, name, kind, website, country, statement, contact_name, contact_email)
            VALUES (@id, @Name, @Kind, @Website, @Country, @Statement, @ContactName, @ContactEmail)
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
                ContactEmail = request.ContactEmail!.Trim(),
            },
            cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>The moderators' queue, oldest first: the only place contacts are shown.</summary>
    public async Task<IReadOnlyList<PendingApplication>> ListPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PendingApplication>(new CommandDefinition(
            """
            SELECT id AS ApplicationId, name, kind, website, country, statement, contact_name AS ContactName,
                   contact_email AS ContactEmail, applied_at AS AppliedAt
            FROM organizations WHERE status = 'pending' ORDER BY applied_at LIMIT 200
            """, cancellationToken: cancellationToken))).AsList();
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
