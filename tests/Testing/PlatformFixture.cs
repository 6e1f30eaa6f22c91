using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FlexPlatform.AppHost;
using FlexPlatform.AppHost.Hosting;
using Npgsql;
using Xunit;

namespace FlexPlatform.Testing;

/// <summary>
/// The whole platform, started once per test collection exactly as the AppHost starts it: real
/// PostgreSQL, Redis and RabbitMQ on free ports, fresh data in a temporary folder, all stopped at the end.
/// </summary>
public sealed partial class PlatformFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexplatform-tests", Guid.NewGuid().ToString("N")[..12]);

    public Platform Platform { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The AppHost's dashboard (resources, commands, and the telemetry every service exports to it).</summary>
    public HttpClient Dashboard { get; private set; } = null!;

    /// <summary>The Pledge service itself, past the gateway's output cache, for exact snapshots.</summary>
    public HttpClient Pledge { get; private set; } = null!;

    public TestTokens Tokens { get; } = new();

    /// <summary>Processes of each scaled-out service (Pledge, Engagement): the model's WithReplicas.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Changes to the model before it is built (extra logging a test project reads, say).</summary>
    public Action<PlatformBuilder>? Configure { get; init; }

    /// <summary>The web origin the test gateway allows cross-origin calls from.</summary>
    public const string AllowedOrigin = "https://app.flex.example";

    /// <summary>Open streams one client may hold at the test gateway.</summary>
    public const int StreamsPerClient = 6;

    /// <summary>Every line any resource wrote since start, to prove what never appears in logs.</summary>
    public IReadOnlyCollection<string> LogLines => _logLines;

    private readonly ConcurrentQueue<string> _logLines = new();

    public async Task InitializeAsync()
    {
        // With its dashboard, as a local run: every service exports its telemetry there.
        var builder = PlatformBuilder.Create(PlatformOptions.ForTests(_dataDirectory).WithDashboardOnFreePorts() with { Replicas = Replicas }).AddFlexPlatform();
        var gateway = builder.Resource<ProjectResource>("gateway")
            .WithEnvironment("Gateway__WritesPerMinute", "100000")
            .WithEnvironment("Gateway__WritesBurst", "100000")
            .WithEnvironment("Gateway__ReadsPerMinute", "1000000")
            .WithEnvironment("Gateway__ReadsBurst", "100000")
            .WithEnvironment("Gateway__StreamsPerClient", StreamsPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Gateway__AllowedOrigins__0", AllowedOrigin);
        // Reminders are looked for every minute in a real run; a test should not wait that long.
        builder.Resource<ProjectResource>("engagement").WithEnvironment("Reminders__PollInterval", "00:00:00.500");
        Tokens.ConfigureAll(builder);
        Configure?.Invoke(builder);

        Platform = builder.Build();
        foreach (var resource in Platform.Resources)
        {
            var name = resource.Name;
            resource.Logs.LineAdded += line => _logLines.Enqueue($"{name} | {line}");
        }

        await Platform.StartAsync();
        Gateway = new HttpClient { BaseAddress = new Uri(gateway.HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        Pledge = new HttpClient { BaseAddress = new Uri(Platform.Resource<ProjectResource>("pledge").HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        Dashboard = new HttpClient { BaseAddress = Platform.DashboardUrl, Timeout = TimeSpan.FromMinutes(3) };
    }

    public async Task DisposeAsync()
    {
        // FLEX_TEST_LOGS=<folder> keeps every process's output of the run, to read after a failure.
        if (Environment.GetEnvironmentVariable("FLEX_TEST_LOGS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllLinesAsync(Path.Combine(folder, $"platform-{Path.GetFileName(_dataDirectory)}.log"), _logLines);
        }

        Gateway?.Dispose();
        Pledge?.Dispose();
        Dashboard?.Dispose();
        await Platform.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the OS cleans temp eventually.
        }
    }

    /// <summary>A direct connection to a service's database, for asserting what was (not) stored.</summary>
    public NpgsqlConnection OpenDatabase(string name) =>
        new(Platform.Resource<PostgresDatabase>(name).ConnectionString);

    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = OpenDatabase(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The newest confirmation token mailed to this address, read from the dev mailbox like a developer would.</summary>
    public Task<string> ConfirmationTokenForAsync(string email) => MailedTokenAsync(email, ConfirmLink());

    /// <summary>The confirmation token in a mail's body.</summary>
    public static string ConfirmationTokenIn(string mailBody) => ConfirmLink().Match(mailBody).Groups[1].Value;

    /// <summary>The newest manage token (withdraw, erase) mailed to this address.</summary>
    public Task<string> ManageTokenForAsync(string email) => MailedTokenAsync(email, ManageLink());

    /// <summary>The token of the newest mailed link to <c>/{page}?token=</c> (rsvp, sign, story, comment…), once the mail arrived.</summary>
    public async Task<string> LinkTokenForAsync(string email, string page)
    {
        var link = new Regex($@"/{Regex.Escape(page)}\?token=([A-Za-z0-9_-]+)");
        var mails = await EventuallyAsync(() => MailboxAsync(email), m => m.Any(mail => link.IsMatch(mail.Body)));
        return link.Match(mails.First(mail => link.IsMatch(mail.Body)).Body).Groups[1].Value;
    }

    public async Task<List<DevMail>> MailboxAsync(string email) =>
        (await Gateway.GetFromJsonAsync<List<DevMail>>($"/api/dev/mailbox?to={Uri.EscapeDataString(email)}"))!;

    // Mail is queued with the change and sent just after the answer: wait for it to land.
    private async Task<string> MailedTokenAsync(string email, Regex link)
    {
        var mails = await EventuallyAsync(() => MailboxAsync(email), m => m.Any(mail => link.IsMatch(mail.Body)));
        return link.Match(mails.First(mail => link.IsMatch(mail.Body)).Body).Groups[1].Value;
    }

    /// <summary>A client carrying an admin token, for the routes the gateway keeps to moderators.</summary>
    public HttpClient AdminClient(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Create("admin"));
        return client;
    }

    /// <summary>
    /// Makes one service's database refuse new connections and cuts the open ones (as a network
    /// partition or a failed-over primary would), or lets it take connections again.
    /// </summary>
    public async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        var admin = new NpgsqlConnectionStringBuilder(Platform.Resource<PostgresDatabase>(database).ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection);
        await alter.ExecuteNonQueryAsync();
        if (allowed)
        {
            // This test process's own pooled connections to it were cut too.
            NpgsqlConnection.ClearAllPools();
            return;
        }

        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", connection);
        terminate.Parameters.Add(new NpgsqlParameter { Value = database });
        await terminate.ExecuteScalarAsync();
    }

    /// <summary>A client of one service itself (past the gateway) carrying an admin token, as an operator inside the cluster.</summary>
    public HttpClient AdminClientFor(string service)
    {
        var client = new HttpClient { BaseAddress = new Uri(Platform.Resource<ProjectResource>(service).HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Create("admin"));
        return client;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for effects that travel over RabbitMQ.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var value = await read();
        while (!condition(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }

    [GeneratedRegex(@"/confirm\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"/manage\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex ManageLink();

    public sealed record DevMail(string To, string Subject, string Body, DateTimeOffset SentAt);
}
