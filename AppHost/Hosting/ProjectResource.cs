namespace FlexPlatform.AppHost.Hosting;

/// <summary>
/// A .NET service of this repository, started from its built assembly with the configuration an
/// Aspire AppHost would hand it: connection strings, peer endpoints, telemetry name, Kestrel endpoints.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The health watch is cancelled and disposed in StopAsync.")]
public sealed class ProjectResource(string name, string projectPath, PlatformOptions options) : ProcessResource(name, options)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<IResourceWithConnectionString> _connections = [];
    private readonly List<ProjectResource> _services = [];
    private readonly Dictionary<string, string> _environment = [];
    private readonly List<ProjectResource> _replicas = [];
    private CancellationTokenSource? _healthWatch;
    private bool _isPublic;

    // A further replica: its own process and ports, everything else read from the project it copies.
    private ProjectResource(ProjectResource project, int index)
        : this($"{project.Name}-{index}", project.ProjectPath, project.Options)
    {
        ReplicaOf = project;
        GrpcPort = project.GrpcPort is null ? null : PortAllocator.GetFreePort();
    }

    public override string Kind => "Project";

    protected override bool EchoesToConsole => true;

    public int HttpPort { get; private set; } = PortAllocator.GetFreePort();

    public int? GrpcPort { get; private set; }

    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    // Read by publishers (Kubernetes manifests) that walk the same model.
    public string ProjectPath => projectPath;

    public bool IsPublic => _isPublic;

    public IReadOnlyList<IResourceWithConnectionString> ConnectionReferences => _connections;

    public IReadOnlyList<ProjectResource> ServiceReferences => _services;

    /// <summary>The project this process is a further replica of; null for the project itself (replica 0).</summary>
    public ProjectResource? ReplicaOf { get; }

    /// <summary>The name peers discover it by and telemetry reports: the project's, on every replica.</summary>
    public string ServiceName => ReplicaOf?.Name ?? Name;

    /// <summary>How many processes run this project (Aspire's <c>WithReplicas</c>).</summary>
    public int ReplicaCount => 1 + _replicas.Count;

    /// <summary>Every process of this project: itself first, then <c>{name}-1</c>, <c>{name}-2</c> …</summary>
    public IReadOnlyList<ProjectResource> Replicas => [this, .. _replicas];

    public override IReadOnlyList<string> Endpoints => GrpcPort is { } grpc
        ? [$"http://localhost:{HttpPort}", $"http://localhost:{grpc} (gRPC, h2c)"]
        : [$"http://localhost:{HttpPort}"];

    private string ProjectDirectory => Path.GetDirectoryName(Path.Combine(Options.RepositoryRoot, projectPath))!;

    private string AssemblyPath
    {
        get
        {
            var project = Path.GetFileNameWithoutExtension(projectPath);
            return Path.Combine(Options.RepositoryRoot, "artifacts", "bin", project, Options.Configuration.ToLowerInvariant(), $"FlexPlatform.{project}.dll");
        }
    }

    protected override string LeftoverMarker => AssemblyPath;

    /// <summary>The well-known port of a public endpoint (used when the options allow fixed ports).</summary>
    public ProjectResource WithHttpEndpoint(int port)
    {
        _isPublic = true;
        if (Options.UseFixedPorts)
        {
            HttpPort = port;
        }

        return this;
    }

    /// <summary>A second, HTTP/2-only cleartext endpoint: without TLS, gRPC needs prior-knowledge h2c.</summary>
    public ProjectResource WithGrpcEndpoint()
    {
        GrpcPort ??= PortAllocator.GetFreePort();
        foreach (var replica in _replicas)
        {
            replica.GrpcPort ??= PortAllocator.GetFreePort();
        }

        return this;
    }

    /// <summary>
    /// Runs <paramref name="count"/> processes of this project, as Aspire's <c>WithReplicas</c>: each with its
    /// own ports and restart policy, the same configuration otherwise. This resource is replica 0 and keeps
    /// the project's name; the others are <c>{name}-1</c> …, and every reference lists them all.
    /// </summary>
    public ProjectResource WithReplicas(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (ReplicaOf is not null)
        {
            throw new InvalidOperationException($"{Name} is a replica; set replicas on {ReplicaOf.Name}.");
        }

        while (_replicas.Count > count - 1)
        {
            _replicas.RemoveAt(_replicas.Count - 1);
        }

        while (_replicas.Count < count - 1)
        {
            _replicas.Add(new ProjectResource(this, _replicas.Count + 1));
        }

        return this;
    }

    public ProjectResource WithReference(IResourceWithConnectionString resource)
    {
        _connections.Add(resource);
        DependsOn.Add((Resource)resource);
        return this;
    }

    /// <summary>
    /// Hands this service the peer's addresses (<c>services__{name}__…</c>). Like Aspire's
    /// <c>WaitFor</c>, <paramref name="waitFor"/> also starts it after the peer; without it two
    /// services may know each other (the gateway routes to the web client, which calls the gateway).
    /// </summary>
    public ProjectResource WithReference(ProjectResource service, bool waitFor = true)
    {
        _services.Add(service);
        if (waitFor)
        {
            DependsOn.Add(service);
        }

        return this;
    }

    public ProjectResource WithEnvironment(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    protected override Task PrepareAsync(CancellationToken cancellationToken) =>
        File.Exists(AssemblyPath)
            ? Task.CompletedTask
            : throw new FileNotFoundException($"{AssemblyPath} is missing: build the solution first (dotnet build).");

    protected override ProcessSpec CreateProcessSpec() => new("dotnet", [AssemblyPath])
    {
        WorkingDirectory = ProjectDirectory,
        Environment = BuildEnvironment(),
    };

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        Health = await ProbeHealthAsync(cancellationToken);
        return Health is "Healthy" or "Degraded";
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        if (_healthWatch is not null)
        {
            await _healthWatch.CancelAsync();
            _healthWatch.Dispose();
        }

        _healthWatch = new CancellationTokenSource();
        _ = WatchHealthAsync(_healthWatch.Token);
    }

    public override async Task StopAsync()
    {
        if (_healthWatch is not null)
        {
            await _healthWatch.CancelAsync();
            _healthWatch.Dispose();
            _healthWatch = null;
        }

        await base.StopAsync();
    }

    // Aspire's conventions, so every service runs unchanged under a real Aspire AppHost.
    private Dictionary<string, string> BuildEnvironment()
    {
        var project = ReplicaOf ?? this;
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            // One service to telemetry and to the broker (its queues are named after it), one instance per replica.
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}",
            ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{HttpPort}",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss ",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false",
        };
        if (project._isPublic)
        {
            // A public door answers on both loopbacks, as clients may resolve localhost to ::1.
            env["Kestrel__Endpoints__http__Url"] = $"http://localhost:{HttpPort}";
        }

        if (GrpcPort is { } grpc)
        {
            env["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpc}";
            env["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        }

        if (Options.DashboardPort is not null)
        {
            // As Aspire does: every service exports traces, logs and metrics to the dashboard.
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://localhost:{Options.DashboardOtlpPort}";
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
            // The dashboard gets our own debug records too (outbox relay, inbox); the console stays at Information.
            env["Logging__OpenTelemetry__LogLevel__FlexPlatform"] = "Debug";
        }

        foreach (var connection in project._connections)
        {
            env[$"ConnectionStrings__{connection.ConnectionName}"] = connection.ConnectionString;
        }

        foreach (var service in project._services)
        {
            foreach (var (replica, i) in service.Replicas.Select((r, i) => (r, i)))
            {
                env[$"services__{service.Name}__http__{i}"] = replica.HttpUrl;
                if (replica.GrpcPort is { } port)
                {
                    env[$"services__{service.Name}__grpc__{i}"] = $"http://127.0.0.1:{port}";
                }
            }
        }

        foreach (var (key, value) in project._environment)
        {
            env[key] = value;
        }

        return env;
    }

    private async Task WatchHealthAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3));
        while (!cancellationToken.IsCancellationRequested && await TickAsync(timer, cancellationToken))
        {
            if (State == ResourceState.Running)
            {
                Health = await ProbeHealthAsync(cancellationToken);
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<string?> ProbeHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync($"{HttpUrl}/health", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Contains("\"Degraded\"", StringComparison.Ordinal) && response.IsSuccessStatusCode ? "Degraded"
                : response.IsSuccessStatusCode ? "Healthy" : "Unhealthy";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
