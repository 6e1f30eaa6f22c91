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

        builder.Services.AddNpgsqlDataSource(connectionString);
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
