using Dapper;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Domain;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public sealed class PetitionRow
{
    public Guid Id { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public string Body { get; init; } = "";
    public string Target { get; init; } = "";
    public long Goal { get; init; }
    public DateTime ClosesAt { get; init; }
    public string? LegislationSlug { get; init; }
    public DateTime? GoalReachedAt { get; init; }
    public long Signatures { get; init; }

    public DateTimeOffset ClosesAtUtc => new(DateTime.SpecifyKind(ClosesAt, DateTimeKind.Utc));
}

public sealed record SignatureCounts(long Supporters, IReadOnlyDictionary<string, long> ByCountry, IReadOnlyDictionary<string, long> ByRegion);

public sealed record SignatureListItem(Guid Id, string FirstName, string LastName, string Email, string Country, string? Region, string Status, DateTime SignedAt, DateTime? ConfirmedAt);

public abstract record SignOutcome
{
    public sealed record SendConfirmation(string FirstName, string PetitionTitle, string ConfirmToken) : SignOutcome;

    public sealed record NothingToDo : SignOutcome;

    public sealed record UnknownPetition : SignOutcome;

    public sealed record Closed : SignOutcome;
}

public abstract record ConfirmSignatureOutcome
{
    /// <summary><paramref name="Counted"/> is true only for the call that made the signature count.</summary>
    public sealed record Confirmed(Guid PetitionId, string Slug, Guid SignatureId, string Email, bool Counted) : ConfirmSignatureOutcome;

    public sealed record Closed : ConfirmSignatureOutcome;

    public sealed record Expired : ConfirmSignatureOutcome;

    public sealed record Unknown : ConfirmSignatureOutcome;
}

/// <summary>
/// Petitions and signatures. Counts are always counted rows of confirmed signatures, so an
/// invalidation drops every count by exactly what it removed; the goal is recorded once, with its event.
/// </summary>
public sealed class PetitionStore(NpgsqlDataSource dataSource, Outbox outbox, MailOutbox mailOutbox, TimeProvider clock)
{
    // Aliased to PetitionRow's members: Dapper does not match snake_case names to them.
    private const string Columns =
        """
        p.id, p.slug, p.title, p.summary, p.body, p.target, p.goal, p.closes_at AS ClosesAt, p.legislation_slug AS LegislationSlug,
        p.goal_reached_at AS GoalReachedAt,
        (SELECT count(*) FROM signatures s WHERE s.petition_id = p.id AND s.status = 'confirmed') AS Signatures
        """;

    public async Task<string> CreateAsync(PetitionRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var slug = Slugs.From(request.Title!, "petition");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM petitions WHERE slug = @slug)", new { slug }, cancellationToken: cancellationToken)))
        {
            slug += "-" + id.ToString("N")[^6..];
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var petition = new
        {
            id, slug, Title = request.Title!.Trim(), Summary = request.Summary!.Trim(), request.Body, Target = request.Target!.Trim(),
            Goal = request.Goal!.Value, ClosesAt = request.ClosesAt!.Value.ToUniversalTime(), request.LegislationSlug,
        };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO petitions (id, slug, title, summary, body, target, goal, closes_at, legislation_slug)
            VALUES (@id, @slug, @Title, @Summary, @Body, @Target, @Goal, @ClosesAt, @LegislationSlug)
            """, petition, tx, cancellationToken: cancellationToken));
        // Pledge drafts an update about it for staff to review.
        await outbox.AddAsync(tx, new PetitionOpened(id, slug, petition.Title, petition.Summary, petition.Target, petition.Goal, petition.ClosesAt, clock.GetUtcNow()), cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        return slug;
    }

    public async Task<IReadOnlyList<PetitionRow>> ListAsync(string? legislationSlug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PetitionRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM petitions p WHERE (@legislationSlug::text IS NULL OR p.legislation_slug = @legislationSlug)
            ORDER BY p.closes_at < @now, p.created_at DESC LIMIT 200
            """, new { legislationSlug, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Signing closes now, before the date it was opened with (e-petitions' early close): null for an unknown petition,
    /// false when it had already closed. Pending signatures can no longer be confirmed, as after any close.
    /// </summary>
    public async Task<bool?> CloseAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var open = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            """
            WITH p AS (SELECT id, closes_at > @now AS open FROM petitions WHERE slug = @slug FOR UPDATE),
                 closed AS (UPDATE petitions SET closes_at = @now FROM p WHERE petitions.id = p.id AND p.open RETURNING petitions.id)
            SELECT open FROM p
            """, new { slug, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return open;
    }

    public async Task<PetitionRow?> GetAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PetitionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM petitions p WHERE p.slug = @slug", new { slug }, cancellationToken: cancellationToken));
    }

    public async Task<SignatureCounts> CountsAsync(Guid petitionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string Country, string? Region, bool IsSupporter, long Count)>(new CommandDefinition(
            """
            SELECT country, region, is_supporter, count(*) FROM signatures
            WHERE petition_id = @petitionId AND status = 'confirmed' GROUP BY country, region, is_supporter
            """, new { petitionId }, cancellationToken: cancellationToken))).AsList();
        return new SignatureCounts(
            rows.Where(r => r.IsSupporter).Sum(r => r.Count),
            rows.GroupBy(r => r.Country.Trim()).ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal),
            rows.Where(r => r.Region is not null).GroupBy(r => r.Region!).ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal));
    }

    public async Task<long> CountAsync(Guid petitionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM signatures WHERE petition_id = @petitionId AND status = 'confirmed'", new { petitionId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// One signature per person (normalized email): a known email only gets its mail again, throttled. The mail
    /// is queued in the transaction that stores the signature.
    /// </summary>
    public async Task<SignOutcome> SignAsync(
        string slug, SignatureRequest request, Func<SignOutcome.SendConfirmation, MailMessage> confirmationMail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var petition = await connection.QuerySingleOrDefaultAsync<PetitionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM petitions p WHERE p.slug = @slug", new { slug }, cancellationToken: cancellationToken));
        if (petition is null)
        {
            return new SignOutcome.UnknownPetition();
        }

        if (!Petition.IsOpen(petition.ClosesAtUtc, now))
        {
            return new SignOutcome.Closed();
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await SignOrRenewAsync(connection, tx, petition, request, now, cancellationToken);
        if (outcome is SignOutcome.SendConfirmation send)
        {
            await MailOutbox.AddAsync(tx, confirmationMail(send), cancellationToken);
            await mailOutbox.CommitAsync(tx, cancellationToken);
        }

        return outcome;
    }

    private static async Task<SignOutcome> SignOrRenewAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, PetitionRow petition, SignatureRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var email = request.Email!.Trim();
        var normalized = EmailAddress.Normalize(email);
        var token = Tokens.NewSecret();
        var values = new
        {
            id = Guid.CreateVersion7(), petitionId = petition.Id, email, normalized, domain = normalized[(normalized.LastIndexOf('@') + 1)..],
            firstName = request.FirstName!.Trim(), lastName = request.LastName!.Trim(), request.Country,
            region = Text.NullIfBlank(request.Region), postalCode = Text.NullIfBlank(request.PostalCode), comment = Text.NullIfBlank(request.Comment),
            request.ListPublicly, hash = Tokens.Hash(token), expires = now + ConfirmationLinks.Lifetime, now, throttle = now - ConfirmationLinks.ResendThrottle,
        };
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO signatures (id, petition_id, email, email_normalized, email_domain, first_name, last_name, country, region, postal_code,
                comment, list_publicly, confirm_token_hash, confirm_expires_at, last_mailed_at)
            VALUES (@id, @petitionId, @email, @normalized, @domain, @firstName, @lastName, @Country, @region, @postalCode,
                @comment, @ListPublicly, @hash, @expires, @now)
            ON CONFLICT (petition_id, email_normalized) DO NOTHING
            """, values, tx, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return new SignOutcome.SendConfirmation(values.firstName, petition.Title, token);
        }

        var firstName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            UPDATE signatures SET confirm_token_hash = @hash, confirm_expires_at = @expires, last_mailed_at = @now
            WHERE petition_id = @petitionId AND email_normalized = @normalized AND status = 'pending' AND last_mailed_at < @throttle
            RETURNING first_name
            """, values, tx, cancellationToken: cancellationToken));
        return firstName is null ? new SignOutcome.NothingToDo() : new SignOutcome.SendConfirmation(firstName, petition.Title, token);
    }

    public async Task<ConfirmSignatureOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(token);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid PetitionId, string Slug, string Email, string Status, DateTime Expires, DateTime ClosesAt)>(
            new CommandDefinition(
                """
                SELECT s.id, s.petition_id, p.slug, s.email, s.status, s.confirm_expires_at, p.closes_at
                FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE s.confirm_token_hash = @hash
                """, new { hash }, cancellationToken: cancellationToken));
        if (row.Id == Guid.Empty)
        {
            return new ConfirmSignatureOutcome.Unknown();
        }

        switch (Signature.Confirm(row.Status, AsUtc(row.Expires), AsUtc(row.ClosesAt), now))
        {
            case SignatureConfirmation.Unknown:
                return new ConfirmSignatureOutcome.Unknown();
            case SignatureConfirmation.AlreadyConfirmed:
                return new ConfirmSignatureOutcome.Confirmed(row.PetitionId, row.Slug, row.Id, row.Email, Counted: false);
            case SignatureConfirmation.Closed:
                return new ConfirmSignatureOutcome.Closed();
            case SignatureConfirmation.Expired:
                return new ConfirmSignatureOutcome.Expired();
        }

        // Only the call that moves it from pending counts it; a concurrent second confirm finds nothing to update.
        // The goal it may reach, and its event, commit with it: a crash between the two cannot lose the goal.
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var counted = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE signatures SET status = 'confirmed', confirmed_at = @now WHERE id = @id AND status = 'pending'", new { id = row.Id, now }, tx,
            cancellationToken: cancellationToken)) == 1;
        if (counted)
        {
            await RecordGoalIfReachedAsync(tx, row.PetitionId, now, cancellationToken);
        }

        await outbox.CommitAsync(tx, cancellationToken);
        return new ConfirmSignatureOutcome.Confirmed(row.PetitionId, row.Slug, row.Id, row.Email, counted);
    }

    public async Task MarkSupporterAsync(Guid signatureId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE signatures SET is_supporter = true WHERE id = @signatureId", new { signatureId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records the goal as reached, with its <see cref="PetitionGoalReached"/>, in the confirming transaction. The
    /// petition's row is locked first, so confirmations of one petition count one after another: the one that reaches
    /// the goal sees every signature committed before it, and exactly one records it.
    /// </summary>
    private async Task RecordGoalIfReachedAsync(NpgsqlTransaction tx, Guid petitionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = tx.Connection!;
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT goal_reached_at IS NOT NULL FROM petitions WHERE id = @petitionId FOR UPDATE", new { petitionId }, tx, cancellationToken: cancellationToken)))
        {
            return;
        }

        var reached = await connection.QuerySingleOrDefaultAsync<GoalRow>(new CommandDefinition(
            """
            WITH counted AS (SELECT count(*) AS n FROM signatures WHERE petition_id = @petitionId AND status = 'confirmed')
            UPDATE petitions p SET goal_reached_at = @now FROM counted
            WHERE p.id = @petitionId AND p.goal_reached_at IS NULL AND counted.n >= p.goal
            RETURNING p.slug, p.title, p.goal, counted.n AS Signatures
            """, new { petitionId, now }, tx, cancellationToken: cancellationToken));
        if (reached is { } r)
        {
            await outbox.AddAsync(tx, new PetitionGoalReached(petitionId, r.Slug, r.Title, r.Goal, r.Signatures, now), cancellationToken);
        }
    }

    /// <summary>
    /// An erased person's signatures go: a counted one stops counting (as when a signature is removed in
    /// e-petitions); a goal already reached stays reached. Returns the petitions whose count dropped and the
    /// addresses the signatures were made with.
    /// </summary>
    public static async Task<(IReadOnlyList<Guid> Petitions, IReadOnlyList<string> Emails)> ForgetSignerAsync(
        NpgsqlTransaction tx, string normalizedEmail, CancellationToken cancellationToken)
    {
        var gone = (await tx.Connection!.QueryAsync<(Guid PetitionId, string Email, string Status)>(new CommandDefinition(
            "DELETE FROM signatures WHERE email_normalized = @normalizedEmail RETURNING petition_id, email, status", new { normalizedEmail }, tx,
            cancellationToken: cancellationToken))).AsList();
        return (gone.Where(s => s.Status == Signature.Confirmed).Select(s => s.PetitionId).Distinct().ToList(), gone.Select(s => s.Email).ToList());
    }

    /// <summary>Invalidates the chosen signatures; returns how many counted ones stopped counting, or null for an unknown petition.</summary>
    public async Task<long?> InvalidateAsync(string slug, InvalidationRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var petitionId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM petitions WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken));
        if (petitionId is null)
        {
            return null;
        }

        // Pending ones matching are invalidated too, so they can never count later; the answer reports counted ones.
        var before = await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            WITH hit AS (SELECT id, status FROM signatures WHERE {InvalidationFilter} FOR UPDATE)
            UPDATE signatures s SET status = 'invalidated', invalidated_at = @now FROM hit WHERE s.id = hit.id
            RETURNING hit.status
            """, InvalidationParameters(petitionId.Value, request), cancellationToken: cancellationToken));
        return before.LongCount(status => status == Signature.Confirmed);
    }

    /// <summary>What <see cref="InvalidateAsync"/> would take, changing nothing: counted and pending signatures, or null without the petition.</summary>
    public async Task<(long Counted, long Pending, DateTimeOffset AsOf)?> PreviewInvalidationAsync(string slug, InvalidationRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM petitions WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken)) is not { } petitionId)
        {
            return null;
        }

        // Counted as of the database's clock, which stamps created_at: the invalidation that follows takes only these.
        return await connection.QuerySingleAsync<(long, long, DateTimeOffset)>(new CommandDefinition(
            $"SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'pending'), statement_timestamp() FROM signatures WHERE {InvalidationFilter}",
            InvalidationParameters(petitionId, request), cancellationToken: cancellationToken));
    }

    // The signatures an invalidation takes: one petition's live ones, by domain, signing window or ids.
    private const string InvalidationFilter = """
        petition_id = @petitionId AND status IN ('pending', 'confirmed')
          AND (@domain::text IS NULL OR email_domain = @domain)
          AND (@from::timestamptz IS NULL OR created_at >= @from) AND (@to::timestamptz IS NULL OR created_at < @to)
          AND (@ids::uuid[] IS NULL OR id = ANY(@ids))
          AND (@upTo::timestamptz IS NULL OR created_at <= @upTo)
        """;

    private object InvalidationParameters(Guid petitionId, InvalidationRequest request) => new
    {
        petitionId, domain = request.EmailDomain?.Trim().ToLowerInvariant(), from = request.From?.ToUniversalTime(), to = request.To?.ToUniversalTime(),
        ids = request.SignatureIds, upTo = request.SignedUpTo?.ToUniversalTime(), now = clock.GetUtcNow(),
    };

    public async Task<IReadOnlyList<SignatureListItem>?> SignaturesAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var petitionId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM petitions WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken));
        if (petitionId is null)
        {
            return null;
        }

        var rows = await connection.QueryAsync<SignatureListItem>(new CommandDefinition(
            """
            SELECT id, first_name AS FirstName, last_name AS LastName, email, trim(country) AS Country, region, status,
                created_at AS SignedAt, confirmed_at AS ConfirmedAt
            FROM signatures WHERE petition_id = @petitionId ORDER BY created_at DESC LIMIT 1000
            """, new { petitionId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Guid?> IdOfAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM petitions WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken));
    }

    private static DateTimeOffset AsUtc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));

    private sealed class GoalRow
    {
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public long Goal { get; init; }
        public long Signatures { get; init; }
    }
}
