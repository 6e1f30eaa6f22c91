using Dapper;
using Npgsql;

namespace FlexPlatform.Pledge.Reads;

/// <summary>What other services may learn of one confirmed supporter: their referral code, and a public profile when listed.</summary>
public sealed class SupporterProfiles(NpgsqlDataSource dataSource)
{
    public async Task<string?> ReferralCodeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT referral_code FROM supporters WHERE id = @id AND status = 'confirmed'", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The listed ones among <paramref name="ids"/>; a supporter not confirmed or not listed is absent.</summary>
    public async Task<IReadOnlyDictionary<Guid, RecentSupporter>> ListedAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ListedSupporter>(new CommandDefinition(
            $"SELECT {ListedSupporter.Columns} FROM supporters WHERE id = ANY(@ids) AND status = 'confirmed' AND list_publicly",
            new { ids }, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.Id, row => row.ToRecentSupporter());
    }

    public async Task<bool> IsConfirmedAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supporters WHERE email_normalized = @normalizedEmail AND status = 'confirmed')",
            new { normalizedEmail }, cancellationToken: cancellationToken));
    }
}
