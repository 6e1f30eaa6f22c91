using FlexPlatform.Coalition.Domain;
using FlexPlatform.Contracts.Coalition;
using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using FlexPlatform.ServiceDefaults.Data;
using Npgsql;

namespace FlexPlatform.Coalition.Api;

public sealed record ApplicationAccepted(Guid ApplicationId);

public sealed record ApprovalResponse(Guid ApplicationId, string Slug, string Code);

public sealed record PendingApplication(Guid ApplicationId, string Name, string Kind, string Website, string Country, string Statement, string ContactName, string ContactEmail, DateTimeOffset AppliedAt);

/// <summary>Applying to join, and moderation. Moderation is admin-only, here and at the gateway.</summary>
public static class ApplicationsApi
{
    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/coalition/applications").WithTags("Coalition applications");
        applications.MapPost("/", ApplyAsync);

        var moderation = applications.MapGroup("/").RequireAdmin();
        moderation.MapGet("/", ListPendingAsync);
        moderation.MapPost("/{id:guid}/approve", ApproveAsync);
        return app;
    }

    public static async Task<Results<Accepted<ApplicationAccepted>, ValidationProblem>> ApplyAsync(
        ApplicationRequest request, NpgsqlDataSource dataSource, Outbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO organizations (id, name, kind, website, country, statement, contact_name, contact_email)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection, tx);
        foreach (var value in new object[] { id, request.Name!.Trim(), request.Kind!, request.Website!.Trim(), request.Country!, request.Statement!.Trim(), request.ContactName!.Trim(), request.ContactEmail!.Trim() })
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
        await outbox.AddAsync(tx, new OrganizationApplied(id, request.Name.Trim(), request.Kind!, request.Country!, clock.GetUtcNow()), cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        return TypedResults.Accepted((string?)null, new ApplicationAccepted(id));
    }

    /// <summary>Moderators' queue, oldest first; the only place contacts are shown.</summary>
    public static async Task<Ok<List<PendingApplication>>> ListPendingAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, kind, website, country, statement, contact_name, contact_email, applied_at FROM organizations WHERE status = 'pending' ORDER BY applied_at LIMIT 200");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<PendingApplication>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingApplication(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return TypedResults.Ok(pending);
    }

    /// <summary>Approve: the organization gets a public slug and a pledge code. Approving twice answers the same.</summary>
    public static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, NpgsqlDataSource dataSource, Outbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand("SELECT name, kind, country, status, slug, code FROM organizations WHERE id = $1 FOR UPDATE", connection, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        string name, kind, country, status;
        string? slug, code;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return TypedResults.Problem(title: "No such application.", statusCode: 404);
            }

            (name, kind, country, status) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
            slug = reader.GetStringOrNull(4);
            code = reader.GetStringOrNull(5);
        }

        if (status == "approved")
        {
            return TypedResults.Ok(new ApprovalResponse(id, slug!, code!));
        }

        if (status != "pending")
        {
            return TypedResults.Problem(title: $"The application was {status}.", statusCode: 409);
        }

        slug = await UniqueSlugAsync(connection, tx, OrganizationNames.Slugify(name), cancellationToken);
        code = OrganizationNames.NewCode();
        var now = clock.GetUtcNow();
        await using var approve = new NpgsqlCommand(
            "UPDATE organizations SET status = 'approved', slug = $2, code = $3, decided_at = $4 WHERE id = $1", connection, tx);
        approve.Parameters.Add(new NpgsqlParameter { Value = id });
        approve.Parameters.Add(new NpgsqlParameter { Value = slug });
        approve.Parameters.Add(new NpgsqlParameter { Value = code });
        approve.Parameters.Add(new NpgsqlParameter { Value = now });
        await approve.ExecuteNonQueryAsync(cancellationToken);
        await outbox.AddAsync(tx, new OrganizationApproved(id, slug, name, kind, country, now), cancellationToken);
        await outbox.CommitAsync(tx, cancellationToken);
        return TypedResults.Ok(new ApprovalResponse(id, slug, code));
    }

    private static async Task<string> UniqueSlugAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string baseSlug, CancellationToken cancellationToken)
    {
        await using var taken = new NpgsqlCommand("SELECT slug FROM organizations WHERE slug = $1 OR slug LIKE $1 || '-%'", connection, tx);
        taken.Parameters.Add(new NpgsqlParameter { Value = baseSlug });
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await taken.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(reader.GetString(0));
        }

        var slug = baseSlug;
        for (var n = 2; existing.Contains(slug); n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        return slug;
    }
}
