using FlexPlatform.AppHost.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>Real PostgreSQL and RabbitMQ (started by the AppHost's code) and a host using the shared messaging plumbing.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexplatform-tests", Guid.NewGuid().ToString("N")[..12]);
    private Platform _servers = null!;

    public IHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = PlatformBuilder.Create(PlatformOptions.ForTests(_dataDirectory));
        var database = builder.AddPostgres("postgres").AddDatabase("probedb");
        var broker = builder.AddRabbitMQ("messaging");
        _servers = builder.Build();
        await _servers.StartAsync();
        ConnectionString = database.ConnectionString;

        var host = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probedb"] = database.ConnectionString,
            ["ConnectionStrings:messaging"] = broker.ConnectionString,
            ["OTEL_SERVICE_NAME"] = "probe",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Messaging:PermanentFailureRetries"] = "1",
            ["Messaging:MaxTransientRetryInterval"] = "00:00:01",
        });
        host.AddPostgresDatabase("probedb", typeof(MessagingFixture).Assembly);
        host.AddMessaging(bus =>
        {
            bus.AddConsumer<ProbeConsumer>();
            bus.AddConsumer<BatchProbeConsumer>(MessagingExtensions.Batched);
        });
        Host = host.Build();
        await Host.StartAsync();
        await Host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await _servers.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
