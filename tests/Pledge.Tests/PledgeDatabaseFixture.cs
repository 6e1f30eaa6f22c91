using FlexPlatform.AppHost.Hosting;
using FlexPlatform.ServiceDefaults.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>A real PostgreSQL (started by the AppHost's code) with Pledge's schema, for store tests.</summary>
public sealed class PledgeDatabaseFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexplatform-tests", Guid.NewGuid().ToString("N")[..12]);
    private Platform _servers = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = PlatformBuilder.Create(PlatformOptions.ForTests(_dataDirectory));
        var database = builder.AddPostgres("postgres").AddDatabase("pledgedb");
        _servers = builder.Build();
        await _servers.StartAsync();
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new DatabaseMigrator(DataSource, [typeof(DatabaseMigrator).Assembly, typeof(Pledge.Data.SupporterStore).Assembly], NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _servers.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
