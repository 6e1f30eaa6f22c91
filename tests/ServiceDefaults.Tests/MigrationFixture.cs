using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>Only a real PostgreSQL, migrated with the shared scripts and this assembly's: the migrator needs no broker.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in DisposeAsync, as xunit ends a fixture.")]
public sealed class MigrationFixture : IAsyncLifetime
{
    private readonly Servers _servers = new();

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var app = await _servers.StartAsync((builder, settings) => builder.AddDebianPostgres("postgres", settings).AddDatabase("migratedb"));
        ConnectionString = (await app.GetConnectionStringAsync("migratedb"))!;
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await new DatabaseMigrator(dataSource, [typeof(DatabaseMigrator).Assembly, typeof(MigrationFixture).Assembly], NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(CancellationToken.None);
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

    public Task DisposeAsync() => _servers.DisposeAsync().AsTask();
}
