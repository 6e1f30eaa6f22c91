using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>Real PostgreSQL and RabbitMQ (the AppHost's resources, run by Aspire) and a host using the shared messaging plumbing.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in DisposeAsync, as xunit ends a fixture.")]
public sealed class MessagingFixture : IAsyncLifetime
{
    private readonly Servers _servers = new();

    public IHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var app = await _servers.StartAsync((builder, settings) =>
        {
            builder.AddDebianPostgres("postgres", settings).AddDatabase("probedb");
            builder.AddDebianRabbitMQ("messaging", settings);
        });
        ConnectionString = (await app.GetConnectionStringAsync("probedb"))!;
        Broker = (await app.GetConnectionStringAsync("messaging"))!;
        // The probe's queue is durable as a service's are: declared up front with its error queue, which MassTransit then uses.
        Host = BuildHost(ConnectionString, "probe", EventRoutes.Unfiltered(new Dictionary<string, IReadOnlyList<Type>> { ["probe-probe"] = [typeof(ProbeHappened)], ["probe-batch-probe"] = [typeof(BatchProbeHappened)] }), bus =>
        {
            bus.AddConsumer<ProbeConsumer>();
            bus.AddConsumer<BatchProbeConsumer>(MessagingExtensions.Batched);
        });
        await Host.StartAsync();
        await Host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public string Broker { get; private set; } = "";

    /// <summary>A host on the shared messaging plumbing, its queues named from <paramref name="queuePrefix"/>.</summary>
    public IHost BuildHost(
        string database, string queuePrefix, EventRoutes routes, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var host = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probedb"] = database,
            ["ConnectionStrings:messaging"] = Broker,
            // Queues follow the messaging setting, whatever telemetry calls the service.
            ["Messaging:QueuePrefix"] = queuePrefix,
            ["OTEL_SERVICE_NAME"] = $"{queuePrefix}-renamed-in-telemetry",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:PermanentFailureRetries"] = "1",
            ["Messaging:MaxTransientRetryInterval"] = "00:00:01",
        });
        host.AddPostgresDatabase("probedb", typeof(MessagingFixture).Assembly);
        host.AddMessaging(routes, consumers);
        return host.Build();
    }

    /// <summary>A new, empty database on the fixture's server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await _servers.DisposeAsync();
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);
}
