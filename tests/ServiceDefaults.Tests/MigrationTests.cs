using FlexPlatform.ServiceDefaults.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>The migrator against a real PostgreSQL: scripts of two assemblies with one name both run, once.</summary>
public sealed class MigrationTests(MigrationFixture fixture) : IClassFixture<MigrationFixture>
{
    [Fact]
    public async Task Scripts_of_one_name_from_two_assemblies_are_both_applied_and_recorded_apart()
    {
        Assert.Equal(2, await fixture.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE id LIKE '%/0000_messaging.sql'"));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = 'clash_probe'"));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = 'outbox_messages'"));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE id NOT LIKE '%/%'"));
    }

    [Fact]
    public async Task A_database_migrated_under_bare_file_names_is_rekeyed_and_nothing_runs_twice()
    {
        // As an older build left it: applied scripts recorded by file name alone.
        await fixture.ScalarAsync("WITH legacy AS (UPDATE schema_migrations SET id = split_part(id, '/', 2) WHERE id LIKE '%/0100_probe.sql' RETURNING 1) SELECT count(*) FROM legacy");
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);

        // 0100_probe.sql creates a table: applied again, it would fail.
        await new DatabaseMigrator(dataSource, [typeof(DatabaseMigrator).Assembly, typeof(MigrationTests).Assembly], NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(CancellationToken.None);

        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE id LIKE '%/0100_probe.sql'"));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE id = '0100_probe.sql'"));
    }

    [Fact]
    public async Task A_script_marked_no_transaction_builds_its_index_concurrently_and_is_recorded()
    {
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'probe_runs_probe' AND i.indisvalid"));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE id LIKE '%/0101_probe_index.sql'"));
    }
}
