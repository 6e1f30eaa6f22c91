using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexPlatform.AppHost;
using FlexPlatform.AppHost.Servers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace FlexPlatform.Testing;

/// <summary>
/// The whole platform, started once per test assembly from the AppHost itself with
/// Aspire.Hosting.Testing: real PostgreSQL, Redis and RabbitMQ, fresh data in a temporary folder,
/// the gateway on a free port, everything stopped at the end.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in DisposeAsync, as xunit ends a fixture.")]
public sealed partial class PlatformFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "flexplatform-tests", Guid.NewGuid().ToString("N")[..12]);
    private readonly ConcurrentDictionary<string, IResource> _resourceIds = new();
    private readonly ConcurrentDictionary<string, string> _connectionStrings = new();
    private readonly ConcurrentQueue<string> _logLines = new();
    private readonly CancellationTokenSource _stopping = new();

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>Aspire's dashboard (its telemetry API), when the test assembly asks for it with <see cref="PlatformDashboardAttribute"/>.</summary>
    public HttpClient? Dashboard { get; private set; }

    /// <summary>The Pledge service itself, past the gateway's output cache, for exact snapshots.</summary>
    public HttpClient Pledge { get; private set; } = null!;

    public TestTokens Tokens { get; } = new();

    /// <summary>Processes of each scaled-out service (Pledge, Engagement): the model's WithReplicas.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>PostgreSQL with fsync, as the benchmark wants it; tests trade that for speed.</summary>
    public bool Durable { get; init; }

    /// <summary>
    /// Services record their spans as a deployment's would, though no dashboard reads them, as the benchmark wants it;
    /// tests spare the cores.
    /// </summary>
    public bool RecordsTraces { get; init; }

    /// <summary>More AppHost settings (<c>--Platform:RabbitMqManagement=true</c>, say).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Changes to the model before it is built (extra logging a test project reads, say).</summary>
    public Action<IDistributedApplicationTestingBuilder>? Configure { get; init; }

    /// <summary>The web origin the test gateway allows cross-origin calls from.</summary>
    public const string AllowedOrigin = "https://app.flex.example";

    /// <summary>Open streams one client may hold at the test gateway.</summary>
    public const int StreamsPerClient = 6;

    /// <summary>Every line any resource wrote since start (<c>name | line</c>), to prove what never appears in logs.</summary>
    public IReadOnlyCollection<string> LogLines => _logLines;

    public async Task InitializeAsync()
    {
        var gatewayPort = FreePort.Pick();
        var dashboardPort = FreePort.Pick();
        var withDashboard = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.IsDefined(typeof(PlatformDashboardAttribute), inherit: false));
        // Free ports for what the AppHost's launch profile pins (18888-18890): test platforms run side by side.
        string[] aspire =
        [
            $"--ASPNETCORE_URLS=http://localhost:{dashboardPort}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePort.Pick()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{FreePort.Pick()}",
            .. withDashboard
                ? new[]
                {
                    "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
                    "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                    // Services export to the OTLP address configured here, so the proxy must keep it.
                    "--DcpPublisher:RandomizePorts=false",
                }
                : [],
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            .. aspire,
            $"--Platform:DataDirectory={_dataDirectory}",
            $"--Platform:FastUnsafeDurability={!Durable}",
            $"--Platform:GatewayPort={gatewayPort}",
            "--Platform:DevMailbox=true",
            $"--replicas={Replicas}",
            .. Arguments,
        ], (options, _) => options.DisableDashboard = !withDashboard);
        builder.CreateResourceBuilder<ProjectResource>("gateway")
            .WithEnvironment("Gateway__WritesPerMinute", "100000")
            .WithEnvironment("Gateway__WritesBurst", "100000")
            .WithEnvironment("Gateway__ReadsPerMinute", "1000000")
            .WithEnvironment("Gateway__ReadsBurst", "100000")
            .WithEnvironment("Gateway__StreamsPerClient", StreamsPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Gateway__AllowedOrigins__0", AllowedOrigin)
            // Trusted to say who the client is: the web client (on loopback) and a stand-in load balancer on
            // 127.0.0.3; any other local address, such as 127.0.0.2, is an untrusted caller.
            .WithEnvironment("TrustedProxies__Addresses__0", "127.0.0.1")
            .WithEnvironment("TrustedProxies__Addresses__1", "::1")
            .WithEnvironment("TrustedProxies__Addresses__2", TrustedProxyAddress);
        // Reminders are looked for every minute and unconfirmed data purged hourly in a real run; a test should not wait that long.
        builder.CreateResourceBuilder<ProjectResource>("engagement").WithEnvironment("Reminders__PollInterval", "00:00:00.500");
        foreach (var service in new[] { "pledge", "coalition", "content", "engagement" })
        {
            builder.CreateResourceBuilder<ProjectResource>(service).WithEnvironment("Retention__PurgeInterval", "00:00:01");
        }
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            // With a dashboard, only traces a test starts itself (a sampled traceparent) are recorded, not the
            // thousands of requests other tests make, and metrics go every minute rather than every second.
            // Without one, nothing is exported (Aspire would still point services at an OTLP address nobody
            // listens on, where they would retry and spend their shutdown flushing) and, unless asked, recorded.
            var process = builder.CreateResourceBuilder(project);
            if (withDashboard)
            {
                process.WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_always_off").WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "60000");
            }
            else
            {
                process.WithEnvironment("OTEL_TRACES_SAMPLER", RecordsTraces ? "always_on" : "always_off").WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");
            }
        }

        Tokens.ConfigureAll(builder);

        Configure?.Invoke(builder);

        BuiltProjectLauncher.Install(builder.Resources.OfType<ProjectResource>());
        App = await builder.BuildAsync();
        _ = WatchResourcesAsync(_stopping.Token);
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await App.StartAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Aspire's own cancellation names nothing: say which resources never became healthy, with their last words.
            var unhealthy = _resourceIds.Where(r => r.Value is ProjectResource or IResourceWithConnectionString && !IsHealthy(r.Key)).ToList();
            throw new TimeoutException($"The platform did not start within {StartTimeout.TotalMinutes:0} minutes; not healthy: {string.Join(", ", unhealthy.Select(r => r.Key))}\n"
                + string.Join("\n", unhealthy.SelectMany(r => _logLines
                    .Where(l => l.StartsWith(r.Key + " | ", StringComparison.Ordinal) || l.StartsWith(r.Value.Name + " | ", StringComparison.Ordinal))
                    .TakeLast(15))));
        }
        var expected = builder.Resources.Where(r => r is ProjectResource or IResourceWithConnectionString)
            .Sum(r => r.ReplicaCount());
        await WaitAsync(() => _resourceIds.Count(r => r.Value is ProjectResource or IResourceWithConnectionString && IsHealthy(r.Key)) >= expected,
            () => "not healthy: " + string.Join(", ", _resourceIds.Keys.Where(id => !IsHealthy(id))), timeout.Token);
        foreach (var instance in _resourceIds.Where(r => r.Value is ProjectResource).Select(r => r.Key).ToList())
        {
            await WaitHealthyAsync(instance, StartTimeout);
        }

        foreach (var resource in builder.Resources.OfType<IResourceWithConnectionString>())
        {
            _connectionStrings[resource.Name] = (await App.GetConnectionStringAsync(resource.Name))!;
        }

        Gateway = new HttpClient { BaseAddress = new Uri($"http://localhost:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Pledge = new HttpClient { BaseAddress = new Uri(ServiceUrl("pledge")), Timeout = TimeSpan.FromSeconds(30) };
        Dashboard = withDashboard ? new HttpClient { BaseAddress = new Uri($"http://localhost:{dashboardPort}"), Timeout = TimeSpan.FromSeconds(30) } : null;
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
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await _stopping.CancelAsync();
        _stopping.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the OS cleans temp eventually.
        }
    }

    /// <summary>A service's own HTTP address (DCP's proxy in front of its replicas), past the gateway.</summary>
    public string ServiceUrl(string service) => App.GetEndpoint(service, "http").ToString().TrimEnd('/');

    /// <summary>A service's own gRPC endpoint (cleartext HTTP/2).</summary>
    public Uri GrpcEndpoint(string service) => App.GetEndpoint(service, "grpc");

    /// <summary>The resource ids of a resource's processes: one, or one per replica, in a stable order.</summary>
    public IReadOnlyList<string> InstancesOf(string name) =>
        [.. _resourceIds.Where(r => r.Value.Name == name).Select(r => r.Key).Order(StringComparer.Ordinal)];

    /// <summary>One replica's own address (its Kestrel endpoint, not the proxy).</summary>
    public string InstanceUrl(string instance)
    {
        var env = Snapshot(instance).EnvironmentVariables;
        var url = env.FirstOrDefault(e => e.Name == "Kestrel__Endpoints__http__Url")?.Value
            ?? env.First(e => e.Name == "ASPNETCORE_URLS").Value!.Split(';')[0];
        return url!.Replace("://*:", "://localhost:", StringComparison.Ordinal).TrimEnd('/');
    }

    public string? StateOf(string instance) => Snapshot(instance).State?.Text;

    /// <summary>How often the AppHost's restart policy brought this process back.</summary>
    public int RestartsOf(string instance) =>
        Snapshot(instance).Properties.FirstOrDefault(p => p.Name == "restarts")?.Value is { } value ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>SIGKILL behind the AppHost's back, as an OOM kill or a segfault would: its restart policy brings it back.</summary>
    public void Crash(string nameOrInstance) => ProcessTree.Kill(Pid(Instance(nameOrInstance)));

    /// <summary>SIGKILL, then a stop from the dashboard's command so it stays down until <see cref="StartAsync"/>.</summary>
    public async Task KillAsync(string nameOrInstance)
    {
        var instance = Instance(nameOrInstance);
        ProcessTree.Kill(Pid(instance));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await WaitAsync(() => KnownResourceStates.TerminalStates.Contains(StateOf(instance)), () => $"{instance} is {StateOf(instance)}", timeout.Token);
        var stopped = await App.ResourceCommands.ExecuteCommandAsync(instance, KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
    }

    /// <summary>Starts a stopped or killed process with the dashboard's command and waits until it is healthy.</summary>
    public async Task StartAsync(string nameOrInstance)
    {
        var instance = Instance(nameOrInstance);
        var since = DateTime.UtcNow;
        var started = await App.ResourceCommands.ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand);
        Assert.True(started.Success, started.Message);
        // The snapshot can still carry the health reports of the process before the kill: wait for ones made since.
        using var fresh = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await WaitAsync(() => Snapshot(instance).HealthReports.All(r => r.LastRunAt >= since), () => $"{instance} has no health report since its start", fresh.Token);
        await WaitHealthyAsync(instance, TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// Waits until the instance runs and its health checks pass, and a service's own <c>/health</c> answers:
    /// Aspire checks a replicated project through DCP's proxy, which any replica may answer.
    /// </summary>
    public async Task WaitHealthyAsync(string nameOrInstance, TimeSpan timeout)
    {
        var instance = Instance(nameOrInstance);
        using var cancel = new CancellationTokenSource(timeout);
        await WaitAsync(() => IsHealthy(instance), () => $"{instance} is {StateOf(instance)}", cancel.Token);
        if (_resourceIds[instance] is not ProjectResource)
        {
            return;
        }

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            try
            {
                using var health = await probe.GetAsync($"{InstanceUrl(instance)}/health", cancel.Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancel.Token);
        }
    }

    public bool IsHealthy(string instance) =>
        Snapshot(instance) is { State.Text: var state, HealthStatus: var health }
        && state == KnownResourceStates.Running && health == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    public string ConnectionString(string resource) => _connectionStrings[resource];

    private string Instance(string nameOrInstance) =>
        _resourceIds.ContainsKey(nameOrInstance) ? nameOrInstance : InstancesOf(nameOrInstance).Single();

    private CustomResourceSnapshot Snapshot(string instance) =>
        App.ResourceNotifications.TryGetCurrentState(instance, out var e) ? e.Snapshot : throw new InvalidOperationException($"No resource {instance}.");

    /// <summary>The service's own process (under <c>dotnet run</c>, its child; <see cref="BuiltProjectLauncher"/> starts it directly).</summary>
    public int ProcessIdOf(string nameOrInstance)
    {
        var pid = Pid(Instance(nameOrInstance));
        return ProcessTree.ChildrenOf(pid).Cast<int?>().FirstOrDefault() ?? pid;
    }

    /// <summary>Every console line one process wrote since start.</summary>
    public IEnumerable<string> LinesOf(string prefix) =>
        _logLines.Where(l => l.StartsWith(prefix + " | ", StringComparison.Ordinal)).Select(l => l[(prefix.Length + 3)..]);

    private int Pid(string instance) =>
        Snapshot(instance).Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{instance} has no process.");

    // Learns every resource id (replicas have their own) and keeps its console lines as "name | line".
    private async Task WatchResourcesAsync(CancellationToken cancellationToken)
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        try
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (_resourceIds.TryAdd(change.ResourceId, change.Resource) && change.Resource is ExecutableResource or ProjectResource)
                {
                    var replicated = change.Resource.ReplicaCount() > 1;
                    var prefix = replicated ? change.ResourceId : change.Resource.Name;
                    _ = KeepLinesAsync(loggers, change.ResourceId, prefix, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepLinesAsync(ResourceLoggerService loggers, string resourceId, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in loggers.WatchAsync(resourceId).WithCancellation(cancellationToken))
            {
                foreach (var line in batch)
                {
                    _logLines.Enqueue($"{prefix} | {line.Content}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WaitAsync(Func<bool> condition, Func<string> describe, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(describe());
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>A direct connection to a service's database, for asserting what was (not) stored.</summary>
    public NpgsqlConnection OpenDatabase(string name) => new(_connectionStrings[name]);

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

    /// <summary>The mails to this address, once <paramref name="count"/> matching <paramref name="match"/> arrived: mail is queued with the change and sent just after the answer.</summary>
    public Task<List<DevMail>> MailArrivedAsync(string email, Func<DevMail, bool>? match = null, int count = 1) =>
        EventuallyAsync(() => MailboxAsync(email), mails => mails.Count(match ?? (_ => true)) >= count);

    /// <summary>The newest mail to this address whose subject starts with <paramref name="subject"/>, once it arrived.</summary>
    public async Task<DevMail> MailAsync(string email, string subject) =>
        (await MailArrivedAsync(email, m => m.Subject.StartsWith(subject, StringComparison.Ordinal))).First(m => m.Subject.StartsWith(subject, StringComparison.Ordinal));

    /// <summary>A load balancer's address the gateway trusts with <c>X-Forwarded-For</c> (a second loopback address).</summary>
    public const string TrustedProxyAddress = "127.0.0.3";

    /// <summary>A client calling the gateway from <paramref name="localAddress"/> (any 127.x.y.z: Linux answers the whole loopback block).</summary>
    public HttpClient GatewayFrom(string localAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(localAddress), 0));
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = Gateway.BaseAddress };

    public async Task<List<DevMail>> MailboxAsync(string email) =>
        (await Gateway.GetFromJsonAsync<List<DevMail>>($"/api/dev/mailbox?to={Uri.EscapeDataString(email)}"))!;

    // Mail is queued with the change and sent just after the answer: wait for it to land.
    private async Task<string> MailedTokenAsync(string email, Regex link)
    {
        var mails = await EventuallyAsync(() => MailboxAsync(email), m => m.Any(mail => link.IsMatch(mail.Body)));
        return link.Match(mails.First(mail => link.IsMatch(mail.Body)).Body).Groups[1].Value;
    }

    /// <summary>A client carrying an admin token, for the routes the gateway keeps to staff.</summary>
    public HttpClient AdminClient(TimeSpan? timeout = null) => StaffClient("admin", timeout);

    /// <summary>A client of the gateway carrying a token with this staff role (admin, moderator, editor).</summary>
    public HttpClient StaffClient(string role, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Create(role));
        return client;
    }

    /// <summary>
    /// Makes one service's database refuse new connections and cuts the open ones (as a network
    /// partition or a failed-over primary would), or lets it take connections again.
    /// </summary>
    public async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        var admin = new NpgsqlConnectionStringBuilder(_connectionStrings[database]) { Database = "postgres", Pooling = false };
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
        var client = new HttpClient { BaseAddress = new Uri(ServiceUrl(service)), Timeout = TimeSpan.FromSeconds(30) };
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

    public sealed record DevMail(string To, string Subject, string Body, DateTimeOffset SentAt, IReadOnlyDictionary<string, string> Headers);
}
