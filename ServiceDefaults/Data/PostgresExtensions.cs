using System.Diagnostics;
using System.Reflection;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class PostgresExtensions
{
    /// <summary>
    /// Registers the service's own database (<c>ConnectionStrings__{name}</c>) with Aspire's Npgsql
    /// integration (data source, health check, tracing, metrics), and the migrator that applies the SQL
    /// scripts embedded in <paramref name="migrationsAssembly"/> (after the shared outbox/inbox tables) at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresDatabase(this IHostApplicationBuilder builder, string connectionName, Assembly migrationsAssembly)
    {
        // Commands are traced only inside a traced operation: the outbox relay's and janitors' polls
        // would otherwise each be a trace of one span, crowding out the requests and messages.
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: dataSource =>
        {
            dataSource.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null));
            // No DISCARD ALL each time a pooled connection is handed back (one per pledge: 16,946 in a 15 s bench load).
            // Nothing here keeps session state past its use: settings are SET LOCAL, temporary tables ON COMMIT DROP,
            // and the two session advisory locks (migrations, projection repair) are released in a finally.
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        });
        DapperTypes.Register();
        // Every database owner keeps its staff writes' audit log (Security/StaffAuditMiddleware).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StaffAuditLog>();
        // The first hosted service to start (they start one after another, in order): whatever starts after it finds its
        // tables, such as the web client's cookie keys, which ASP.NET Core's own hosted service reads at start-up.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => new DatabaseMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            [typeof(DatabaseMigrator).Assembly, migrationsAssembly],
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseMigrator>())));
        return builder;
    }

    /// <summary>Deletes what people started and never confirmed, after <c>Retention:Unconfirmed</c> (30 days).</summary>
    public static IHostApplicationBuilder AddUnconfirmedDataPurge(this IHostApplicationBuilder builder, params UnconfirmedRows[] targets)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        foreach (var target in targets)
        {
            builder.Services.AddSingleton(target);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<UnconfirmedDataPurge>();
        return builder;
    }
}
