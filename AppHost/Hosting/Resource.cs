namespace FlexPlatform.AppHost.Hosting;

public enum ResourceState { NotStarted, Starting, Running, Stopping, Stopped, Crashed, Failed }

/// <summary>One thing the platform runs: a server, a database, a service.</summary>
public abstract class Resource(string name, PlatformOptions options)
{
    private LogBuffer? _logs;

    public string Name { get; } = name;

    public abstract string Kind { get; }

    public ResourceState State { get; protected set; }

    /// <summary>Last health seen (services report /health; servers are healthy when they answer).</summary>
    public string? Health { get; protected set; }

    public LogBuffer Logs => _logs ??= new(Name, Options.EchoLogs && EchoesToConsole);

    /// <summary>Servers are chatty at boot; their output stays on the dashboard.</summary>
    protected virtual bool EchoesToConsole => false;

    /// <summary>Resources that must be running before this one starts.</summary>
    public List<Resource> DependsOn { get; } = [];

    public virtual IReadOnlyList<string> Endpoints => [];

    /// <summary>Times the restart policy brought it back after a crash.</summary>
    public virtual int Restarts => 0;

    protected PlatformOptions Options { get; } = options;

    protected string DataPath => Path.Combine(Options.DataDirectory, Name);

    /// <summary>Starts the resource and returns once it is ready for its dependents.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract Task StopAsync();

    public override string ToString() => $"{Kind} {Name}";
}

/// <summary>A resource others reach through <c>ConnectionStrings__{ConnectionName}</c>.</summary>
public interface IResourceWithConnectionString
{
    string ConnectionName { get; }

    string ConnectionString { get; }
}
