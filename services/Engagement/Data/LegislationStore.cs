using Dapper;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Domain;
using FlexPlatform.ServiceDefaults.Messaging;
using Npgsql;

namespace FlexPlatform.Engagement.Data;

public sealed class LegislationRow
{
    public Guid Id { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public string Jurisdiction { get; init; } = "";
    public string BillNumber { get; init; } = "";
    public string Summary { get; init; } = "";
    public string Position { get; init; } = "";
    public string? Url { get; init; }
    public string Stage { get; init; } = "";
    public DateTime UpdatedAt { get; init; }
}

public sealed record LegislationActionRow(string Stage, string Note, string OccurredOn)
{
    public DateOnly OccurredOnDate => DateOnly.ParseExact(OccurredOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Bills and their history: every action is kept; a stage change publishes <see cref="LegislationAdvanced"/> with it.</summary>
public sealed class LegislationStore(NpgsqlDataSource dataSource, Outbox outbox, TimeProvider clock)
{
    private const string Columns = "id, slug, title, jurisdiction, bill_number AS BillNumber, summary, position, url, stage, updated_at AS UpdatedAt";

    /// <summary>The new bill's slug, or null when this jurisdiction already tracks that bill number.</summary>
    public async Task<string?> CreateAsync(LegislationRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var slug = Slugs.From($"{request.Jurisdiction} {request.BillNumber}", "bill", 80);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM legislation WHERE slug = @slug)", new { slug }, cancellationToken: cancellationToken)))
        {
            slug += "-" + id.ToString("N")[^6..];
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO legislation (id, slug, title, jurisdiction, bill_number, summary, position, url, stage)
            VALUES (@id, @slug, @Title, @Jurisdiction, @BillNumber, @Summary, @Position, @Url, @Stage)
            ON CONFLICT (jurisdiction, bill_number) DO NOTHING
            """,
            new
            {
                id, slug, Title = request.Title!.Trim(), request.Jurisdiction, BillNumber = request.BillNumber!.Trim(),
                Summary = request.Summary!.Trim(), request.Position, Url = Text.NullIfBlank(request.Url), request.Stage,
            }, cancellationToken: cancellationToken));
        return inserted == 1 ? slug : null;
    }

    /// <summary>Records an action; the bill moves to its stage. False for an unknown bill.</summary>
    public async Task<bool> AddActionAsync(string slug, LegislationActionRequest action, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var bill = await connection.QuerySingleOrDefaultAsync<LegislationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM legislation WHERE slug = @slug FOR UPDATE", new { slug }, tx, cancellationToken: cancellationToken));
        if (bill is null)
        {
            return false;
        }

        var occurredOn = action.OccurredOn!.Value;
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO legislation_actions (legislation_id, stage, note, occurred_on) VALUES (@Id, @Stage, @Note, @OccurredOn::date)",
            new { bill.Id, action.Stage, Note = action.Note!.Trim(), OccurredOn = occurredOn.ToDateTime(TimeOnly.MinValue) }, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE legislation SET stage = @Stage, updated_at = @now WHERE id = @Id", new { bill.Id, action.Stage, now = clock.GetUtcNow() }, tx,
            cancellationToken: cancellationToken));
        if (bill.Stage != action.Stage)
        {
            await outbox.AddAsync(tx, new LegislationAdvanced(bill.Id, bill.Slug, bill.Title, bill.Jurisdiction, action.Stage!, clock.GetUtcNow()), cancellationToken);
        }

        await outbox.CommitAsync(tx, cancellationToken);
        return true;
    }

    /// <summary>Most recently moved first; a country's filter includes its subdivisions ("US" lists "US-CA").</summary>
    public async Task<IReadOnlyList<LegislationRow>> ListAsync(string? jurisdiction, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LegislationRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM legislation
            WHERE @jurisdiction::text IS NULL OR jurisdiction = @jurisdiction OR jurisdiction LIKE @jurisdiction || '-%'
            ORDER BY updated_at DESC LIMIT 500
            """, new { jurisdiction }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<(LegislationRow Bill, IReadOnlyList<LegislationActionRow> Actions)?> GetAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var bill = await connection.QuerySingleOrDefaultAsync<LegislationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM legislation WHERE slug = @slug", new { slug }, cancellationToken: cancellationToken));
        if (bill is null)
        {
            return null;
        }

        var actions = await connection.QueryAsync<LegislationActionRow>(new CommandDefinition(
            "SELECT stage, note, occurred_on::text AS OccurredOn FROM legislation_actions WHERE legislation_id = @Id ORDER BY occurred_on, id", new { bill.Id },
            cancellationToken: cancellationToken));
        return (bill, actions.AsList());
    }
}
