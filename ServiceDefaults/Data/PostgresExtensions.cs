using System.Diagnostics;
using System.Reflection;
using FlexPlatform.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class PostgresExtensions
{
    /// <summary>
    /// Registers the service's own database (<c>ConnectionStrings__{name}</c>, as Aspire hands it out),
    /// its readiness check, and the migrator that applies the SQL scripts embedded in
    /// <paramref name="migrationsAssembly"/> (after the shared outbox/inbox tables) at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresDatabase(this IHostApplicationBuilder builder, string connectionName, Assembly migrationsAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing (ConnectionStrings__{connectionName}).");

        // Commands are traced only inside a traced operation: the outbox relay's and janitors' polls
        // would otherwise each be a trace of one span, crowding out the requests and messages.
        builder.Services.AddNpgsqlDataSource(connectionString, dataSource => dataSource.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Activity.Current is not null)
            .ConfigureBatchFilter(_ => Activity.Current is not null)));
        DapperTypes.Register();
        builder.Services.AddHostedService(sp => new DatabaseMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            [typeof(DatabaseMigrator).Assembly, migrationsAssembly],
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseMigrator>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            [Extensions.ReadyTag],
            TimeSpan.FromSeconds(5)));
        return builder;
    }
}
