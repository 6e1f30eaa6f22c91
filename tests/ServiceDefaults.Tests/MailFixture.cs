using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.Testing;
using FlexPlatform.Testing.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>Real PostgreSQL and a real SMTP server that refuses and greylists, and a host sending the mail outbox over SMTP.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in DisposeAsync, as xunit ends a fixture.")]
public sealed class MailFixture : IAsyncLifetime
{
    private readonly Servers _servers = new();
    private DistributedApplication _app = null!;

    public IHost Host { get; private set; } = null!;

    public SmtpServerResource Smtp { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public MailQueue Queue => Host.Services.GetRequiredService<MailQueue>();

    public async Task InitializeAsync()
    {
        IResourceBuilder<SmtpServerResource>? smtp = null;
        _app = await _servers.StartAsync((builder, settings) =>
        {
            builder.AddDebianPostgres("postgres", settings).AddDatabase("maildb");
            smtp = builder.AddSmtpServer("smtp", settings);
        });
        Smtp = smtp!.Resource;
        ConnectionString = (await _app.GetConnectionStringAsync("maildb"))!;

        var host = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:maildb"] = ConnectionString,
            ["Mail:From"] = "movement@example.org",
            ["Mail:PublicBaseUrl"] = "http://localhost:8080",
            ["Mail:SmtpHost"] = "127.0.0.1",
            ["Mail:SmtpPort"] = Smtp.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:SmtpSecurity"] = "None",
            ["Mail:RetryInterval"] = "00:00:00.500",
        });
        host.AddPostgresDatabase("maildb", typeof(MailFixture).Assembly);
        host.AddMail();
        Host = host.Build();
        await Host.StartAsync();
    }

    /// <summary>Queues mail in one transaction, as a request that decides it does.</summary>
    public Task QueueAsync(params MailMessage[] mails) => QueueTaggedAsync(tag: null, mails);

    /// <summary>Queues bulk mail under <paramref name="tag"/> (an update's), in one statement.</summary>
    public async Task QueueTaggedAsync(string? tag, params MailMessage[] mails)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await MailOutbox.AddAsync(tx, mails, tag, CancellationToken.None);

        await Host.Services.GetRequiredService<MailOutbox>().CommitAsync(tx, CancellationToken.None);
    }

    public Task StopSmtpAsync() => CommandAsync(KnownResourceCommands.StopCommand);

    public Task StartSmtpAsync() => CommandAsync(KnownResourceCommands.StartCommand);

    public Task<long> ScalarAsync(string sql, params object[] parameters) => Sql.ScalarAsync(ConnectionString, sql, parameters);

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await _servers.DisposeAsync();
    }

    private async Task CommandAsync(string command)
    {
        var result = await _app.ResourceCommands.ExecuteCommandAsync(Smtp.Name, command);
        Assert.True(result.Success, result.Message);
        if (command == KnownResourceCommands.StartCommand)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(Smtp.Name);
        }
        else
        {
            await _app.ResourceNotifications.WaitForResourceAsync(Smtp.Name, KnownResourceStates.TerminalStates);
        }
    }
}
