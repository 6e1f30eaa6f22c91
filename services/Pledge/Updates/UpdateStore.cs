using System.Text.Json;
using Dapper;
using FlexPlatform.ServiceDefaults.Mail;
using Npgsql;

namespace FlexPlatform.Pledge.Updates;

/// <summary>An update with its progress: <c>left</c> is what is still to go (or, cancelled, what never will).</summary>
public sealed record UpdateView(
    Guid Id,
    string State,
    string Subject,
    string Body,
    Audience Audience,
    DateTimeOffset? SendAt,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long Total,
    long Sent,
    long Failed,
    long Skipped,
    long Left);

public enum UpdateChange
{
    Done,
    NotFound,
    Conflict,
}

/// <summary>
/// The <c>updates</c> and <c>update_recipients</c> tables: drafts, their schedule, the audience frozen when sending
/// starts, and the keyset feed into the mail outbox (<see cref="UpdateSender"/> drives it).
/// </summary>
public sealed class UpdateStore(NpgsqlDataSource dataSource, MailOutbox mailOutbox, TimeProvider clock)
{
    public const string TagPrefix = "update:";

    /// <summary>How long after stopping updates with an update's link the same link may start them again.</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromDays(1);

    // pg_try_advisory_xact_lock's key for "feeding updates": any constant no other code uses.
    private const long FeederLock = 0x75706461_74657321;

    // Who may get any update at all: the same rule when the audience is frozen and when each recipient's turn comes.
    private const string Reachable = """
        s.status = 'confirmed' AND s.consent_to_updates
        AND NOT EXISTS (SELECT 1 FROM mail_suppressions m WHERE m.address = lower(s.email))
        """;

    private const string InAudience = """
        (@country::text IS NULL OR s.country = @country) AND (@region::text IS NULL OR s.region = @region)
        AND (@personas::text[] IS NULL OR s.personas && @personas) AND (@flexibility::text[] IS NULL OR s.flexibility && @flexibility)
        AND (@organizationId::uuid IS NULL OR s.organization_id = @organizationId)
        """;

    private const string ViewColumns = """
        u.id, u.state, u.subject, u.body, u.audience::text AS audience, u.send_at AS SendAt, u.created_by AS CreatedBy, u.created_at AS CreatedAt,
        u.started_at AS StartedAt, u.finished_at AS FinishedAt,
        coalesce(u.total, 0) AS total, u.skipped, u.withdrawn,
        coalesce((SELECT s.sent FROM mail_sent_by_tag s WHERE s.tag = 'update:' || u.id), 0) AS sent,
        (SELECT count(*) FROM mail_dead d WHERE d.tag = 'update:' || u.id) AS failed
        """;

    public static string TagOf(Guid id) => TagPrefix + id;

    public async Task<Guid> CreateAsync(UpdateRequest request, Guid? organizationId, string createdBy, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO updates (id, subject, body, audience, organization_id, state, send_at, created_by)
            VALUES (@id, @subject, @body, @audience::jsonb, @organizationId, @state, @sendAt, @createdBy)
            """,
            new
            {
                id, subject = request.Subject!.Trim(), body = request.Body!.Trim(), audience = Write(request.Audience), organizationId,
                state = request.KeepsDraft ? "draft" : "scheduled", sendAt = request.KeepsDraft ? (DateTimeOffset?)null : request.SendAt ?? clock.GetUtcNow(), createdBy,
            }, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>A draft an event wrote for staff to review; a replayed event finds the one it made (false).</summary>
    public async Task<bool> CreateDraftAsync(NpgsqlTransaction tx, string source, string subject, string body, string createdBy, CancellationToken cancellationToken) =>
        await tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO updates (id, subject, body, state, created_by, source) VALUES (@id, @subject, @body, 'draft', @createdBy, @source)
            ON CONFLICT (source) DO NOTHING
            """, new { id = Guid.CreateVersion7(), subject, body, createdBy, source }, tx, cancellationToken: cancellationToken)) == 1;

    /// <summary>Changes a draft or a scheduled update (it keeps its state and time); one already sending is a conflict.</summary>
    public async Task<UpdateChange> EditAsync(Guid id, UpdateRequest request, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            WITH found AS (SELECT id, state FROM updates WHERE id = @id FOR UPDATE),
            changed AS (
                UPDATE updates u SET subject = @subject, body = @body, audience = @audience::jsonb, organization_id = @organizationId,
                    send_at = CASE WHEN u.state = 'scheduled' THEN coalesce(@sendAt, u.send_at) ELSE u.send_at END
                FROM found WHERE u.id = found.id AND found.state IN ('draft', 'scheduled'))
            SELECT state FROM found
            """,
            new { id, subject = request.Subject!.Trim(), body = request.Body!.Trim(), audience = Write(request.Audience), organizationId, sendAt = request.SendAt },
            cancellationToken: cancellationToken));
        return Change(state, "draft", "scheduled");
    }

    /// <summary>A draft is scheduled to go at <paramref name="sendAt"/>.</summary>
    public async Task<UpdateChange> ScheduleAsync(Guid id, DateTimeOffset sendAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            WITH found AS (SELECT id, state FROM updates WHERE id = @id FOR UPDATE),
            changed AS (UPDATE updates u SET state = 'scheduled', send_at = @sendAt FROM found WHERE u.id = found.id AND found.state = 'draft')
            SELECT state FROM found
            """, new { id, sendAt }, cancellationToken: cancellationToken));
        return Change(state, "draft");
    }

    /// <summary>
    /// A scheduled update goes back to being a draft; one sending stops: what is queued and unsent is withdrawn, and
    /// nobody else gets it.
    /// </summary>
    public async Task<UpdateChange> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT state FROM updates WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: cancellationToken));
        if (state == "scheduled")
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE updates SET state = 'draft', send_at = NULL WHERE id = @id", new { id }, tx, cancellationToken: cancellationToken));
        }
        else if (state == "sending")
        {
            var withdrawn = await MailOutbox.WithdrawAsync(tx, TagOf(id), cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE updates SET state = 'cancelled', withdrawn = withdrawn + @withdrawn, finished_at = now() WHERE id = @id;
                DELETE FROM update_recipients WHERE update_id = @id;
                """, new { id, withdrawn }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return Change(state, "scheduled", "sending");
    }

    public async Task<UpdateView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UpdateRow>(new CommandDefinition(
            $"SELECT {ViewColumns} FROM updates u WHERE u.id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToView();
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<UpdateView>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UpdateRow>(new CommandDefinition(
            $"SELECT {ViewColumns} FROM updates u ORDER BY u.created_at DESC, u.id DESC LIMIT @pageSize OFFSET @offset",
            new { pageSize, offset = (page - 1) * pageSize }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToView()).ToList();
    }

    /// <summary>How many supporters the audience reaches now (it is frozen only when sending starts).</summary>
    public async Task<long> CountAudienceAsync(Audience audience, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM supporters s WHERE {Reachable} AND {InAudience}", Filters(audience, organizationId), cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Starts the first due update, if any: its audience is frozen in one statement (all or nothing) and it is sending.
    /// Replicas skip an update another is starting. Returns it, or null.
    /// </summary>
    public async Task<(Guid Id, long Total)?> StartDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var due = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Audience, Guid? OrganizationId)>(new CommandDefinition(
            """
            SELECT id, audience::text, organization_id FROM updates WHERE state = 'scheduled' AND send_at <= now()
            ORDER BY send_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, transaction: tx, cancellationToken: cancellationToken));
        if (due.Id == Guid.Empty)
        {
            return null;
        }

        var parameters = Filters(Read(due.Audience), due.OrganizationId);
        parameters.Add("id", due.Id);
        var total = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO update_recipients (update_id, supporter_id)
            SELECT @id, s.id FROM supporters s WHERE {Reachable} AND {InAudience} ORDER BY s.id
            """, parameters, tx, commandTimeout: 600, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE updates SET state = 'sending', total = @total, started_at = now() WHERE id = @id",
            new { id = due.Id, total = (long)total }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return (due.Id, total);
    }

    /// <summary>
    /// Queues the next recipients of the oldest sending update, as many as the rate allows since the last batch (at most
    /// <paramref name="max"/>, none while the outbox still holds <paramref name="backlog"/> of its mails): each is checked
    /// again, rendered, and queued in the transaction that moves the cursor, so a crash queues nobody twice. An update
    /// whose recipients were all queued and sent is finished. Returns how many were queued, or null with nothing sending.
    /// </summary>
    public async Task<int?> FeedAsync(double perSecond, int max, int backlog, Func<UpdateDraft, Recipient, MailMessage> render, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // One feeder at a time across replicas, on the oldest update sending: one rate for all of them.
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_xact_lock(@FeederLock)", new { FeederLock }, tx, cancellationToken: cancellationToken)))
        {
            return 0;
        }

        var update = await connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(
            """
            SELECT id, subject, body, fed_through AS FedThrough, last_fed_at AS LastFedAt
            FROM updates WHERE state = 'sending' ORDER BY started_at, id LIMIT 1 FOR UPDATE
            """, transaction: tx, cancellationToken: cancellationToken));
        if (update is null)
        {
            return null;
        }

        // Read after the lock, each statement with a snapshot of its own: what the last feeder and any opt-out committed.
        var (now, queued) = await connection.QuerySingleAsync<(DateTimeOffset, long)>(new CommandDefinition(
            "SELECT clock_timestamp(), (SELECT count(*) FROM mail_outbox WHERE tag = @tag)", new { tag = TagOf(update.Id) }, tx, cancellationToken: cancellationToken));

        // A token bucket kept on the row, at most a second's worth at once.
        var since = update.LastFedAt is { } last && last > now.AddSeconds(-1) ? last : now.AddSeconds(-1);
        var allowed = queued >= backlog ? 0 : (int)Math.Clamp(Math.Floor((now - since).TotalSeconds * perSecond), 0, max);
        var recipients = allowed == 0 ? [] : (await connection.QueryAsync<RecipientRow>(new CommandDefinition(
            $"""
            SELECT r.supporter_id AS SupporterId, s.email AS Email, s.first_name AS FirstName, s.referral_code AS ReferralCode,
                   coalesce(s.id IS NOT NULL AND {Reachable}, false) AS Reachable
            FROM update_recipients r LEFT JOIN supporters s ON s.id = r.supporter_id
            WHERE r.update_id = @id AND (@after::uuid IS NULL OR r.supporter_id > @after)
            ORDER BY r.supporter_id LIMIT @allowed
            """, new { id = update.Id, after = update.FedThrough, allowed }, tx, cancellationToken: cancellationToken))).AsList();

        if (recipients.Count > 0)
        {
            var draft = new UpdateDraft(update.Subject, update.Body);
            var mails = recipients.Where(r => r.Reachable).Select(r => render(draft, new Recipient(r.SupporterId, r.Email!, r.FirstName!, r.ReferralCode!))).ToList();
            await MailOutbox.AddAsync(tx, mails, TagOf(update.Id), cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE updates SET skipped = skipped + @skipped, fed_through = @through, last_fed_at = @lastFedAt WHERE id = @id
                """,
                new
                {
                    id = update.Id, skipped = (long)(recipients.Count - mails.Count), through = recipients[^1].SupporterId,
                    lastFedAt = since.AddSeconds(recipients.Count / perSecond),
                }, tx, cancellationToken: cancellationToken));
            await mailOutbox.CommitAsync(tx, cancellationToken);
            return mails.Count;
        }

        if (allowed > 0 && queued == 0)
        {
            // Every recipient was queued (the cursor is past the last) and nothing of it waits to be sent.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE updates SET state = 'sent', finished_at = now() WHERE id = @id;
                DELETE FROM update_recipients WHERE update_id = @id;
                """, new { update.Id }, tx, commandTimeout: 600, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return 0;
    }

    /// <summary>
    /// The holder of an unsubscribe token stops updates, or (within <see cref="UndoWindow"/> of stopping them with this
    /// link) starts them again. Stopping also takes back update mail queued for them and not yet sent. Null when nobody
    /// has this id (erased); otherwise whether they now get updates.
    /// </summary>
    public async Task<bool?> SetConsentAsync(Guid supporterId, bool consent, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockSendingAsync(tx, cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(
            """
            WITH asked AS (
                SELECT id, consent_to_updates AS was,
                       CASE WHEN @consent
                            THEN status = 'confirmed' AND (consent_to_updates OR (consent_changed_via = 'unsubscribe-link' AND consent_changed_at > now() - @UndoWindow))
                            ELSE false END AS consent
                FROM supporters WHERE id = @supporterId FOR UPDATE)
            UPDATE supporters s SET consent_to_updates = asked.consent,
                consent_changed_at = CASE WHEN asked.was = asked.consent THEN s.consent_changed_at ELSE now() END,
                consent_changed_via = CASE WHEN asked.was = asked.consent THEN s.consent_changed_via ELSE 'unsubscribe-link' END
            FROM asked WHERE s.id = asked.id
            RETURNING s.email, s.consent_to_updates AS Consent
            """, new { supporterId, consent, UndoWindow }, tx, cancellationToken: cancellationToken));
        if (found is null)
        {
            return null;
        }

        if (!found.Consent)
        {
            await TakeBackAsync(tx, found.Email, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return found.Consent;
    }

    /// <summary>Staff record a complaint (or a bounce a provider reported): the address gets no more updates, queued ones included.</summary>
    public async Task<MailSuppression> SuppressAsync(string address, string kind, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockSendingAsync(tx, cancellationToken);
        var suppression = await MailSuppressions.AddAsync(tx, address, kind, detail, cancellationToken);
        await TakeBackAsync(tx, address, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return suppression;
    }

    /// <summary>
    /// Waits for the feeder to finish its batch, and keeps it from starting another, until the caller commits. Every
    /// change that stops someone's updates takes it first (before locking the supporter, the feeder's order), so the
    /// feeder either saw the change or queued its batch before it, for <see cref="TakeBackAsync"/> to find.
    /// </summary>
    public static Task LockSendingAsync(NpgsqlTransaction tx, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            "SELECT id FROM updates WHERE state = 'sending' ORDER BY id FOR UPDATE", transaction: tx, cancellationToken: cancellationToken));

    /// <summary>
    /// Takes back the update mail to this address that is queued or set aside, counting each as withdrawn from its
    /// update. A mail the sender claimed a moment before may still go out.
    /// </summary>
    public static Task TakeBackAsync(NpgsqlTransaction tx, string email, CancellationToken cancellationToken) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            WITH queued AS (DELETE FROM mail_outbox WHERE tag LIKE 'update:%' AND lower(to_address) = lower(@email) RETURNING tag),
            dead AS (DELETE FROM mail_dead WHERE tag LIKE 'update:%' AND lower(to_address) = lower(@email) RETURNING tag),
            taken AS (SELECT tag, count(*) AS n FROM (SELECT tag FROM queued UNION ALL SELECT tag FROM dead) t GROUP BY tag)
            UPDATE updates u SET withdrawn = u.withdrawn + taken.n FROM taken WHERE 'update:' || u.id = taken.tag
            """, new { email }, tx, cancellationToken: cancellationToken));

    private static UpdateChange Change(string? state, params string[] allowed) =>
        state is null ? UpdateChange.NotFound : allowed.Contains(state) ? UpdateChange.Done : UpdateChange.Conflict;

    private static DynamicParameters Filters(Audience? audience, Guid? organizationId)
    {
        var a = audience ?? Audience.Everyone;
        var parameters = new DynamicParameters();
        parameters.Add("country", a.Country);
        parameters.Add("region", a.Region);
        parameters.Add("personas", a.Personas is { Length: > 0 } personas ? personas : null);
        parameters.Add("flexibility", a.Flexibility is { Length: > 0 } flexibility ? flexibility : null);
        parameters.Add("organizationId", organizationId);
        return parameters;
    }

    private static string Write(Audience? audience) => JsonSerializer.Serialize(audience ?? Audience.Everyone, JsonSerializerOptions.Web);

    private static Audience Read(string json) => JsonSerializer.Deserialize<Audience>(json, JsonSerializerOptions.Web) ?? Audience.Everyone;

    private sealed record FeedRow(Guid Id, string Subject, string Body, Guid? FedThrough, DateTimeOffset? LastFedAt);

    private sealed record ConsentRow(string Email, bool Consent);

    private sealed record RecipientRow(Guid SupporterId, string? Email, string? FirstName, string? ReferralCode, bool Reachable);

    private sealed class UpdateRow
    {
        public Guid Id { get; init; }
        public string State { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Body { get; init; } = "";
        public string Audience { get; init; } = "{}";
        public DateTimeOffset? SendAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
        public DateTimeOffset? FinishedAt { get; init; }
        public long Total { get; init; }
        public long Skipped { get; init; }
        public long Withdrawn { get; init; }
        public long Sent { get; init; }
        public long Failed { get; init; }

        /// <summary>Sent as the mail server's answers counted it; left is what is queued or not yet fed.</summary>
        public UpdateView ToView()
        {
            var skipped = Skipped + Withdrawn;
            return new UpdateView(Id, State, Subject, Body, Read(Audience), SendAt, CreatedBy, CreatedAt, StartedAt, FinishedAt,
                Total, Sent, Failed, skipped, Math.Max(0, Total - Sent - Failed - skipped));
        }
    }
}

/// <summary>What every recipient of an update gets before it is made personal.</summary>
public sealed record UpdateDraft(string Subject, string Body);
