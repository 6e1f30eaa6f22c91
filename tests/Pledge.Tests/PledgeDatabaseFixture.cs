using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>A real PostgreSQL (the AppHost's resource, run by Aspire) with Pledge's schema, for store tests.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in DisposeAsync, as xunit ends a fixture.")]
public sealed class PledgeDatabaseFixture : IAsyncLifetime
{
    private readonly Servers _servers = new();

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var app = await _servers.StartAsync((builder, settings) => builder.AddDebianPostgres("postgres", settings).AddDatabase("pledgedb"));
        DataSource = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("pledgedb"))!);
        await new DatabaseMigrator(DataSource, [typeof(DatabaseMigrator).Assembly, typeof(Pledge.Data.SupporterStore).Assembly], NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _servers.DisposeAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
