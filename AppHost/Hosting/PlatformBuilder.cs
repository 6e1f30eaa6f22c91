namespace FlexPlatform.AppHost.Hosting;

/// <summary>Collects the resources of an app model; <see cref="Build"/> turns them into a runnable platform.</summary>
public sealed class PlatformBuilder
{
    private readonly List<Resource> _resources = [];

    private PlatformBuilder(PlatformOptions options) => Options = options;

    public PlatformOptions Options { get; }

    public static PlatformBuilder Create(PlatformOptions options) => new(options);

    public PostgresServer AddPostgres(string name) => Add(new PostgresServer(name, Options) { Builder = this });

    public RedisServer AddRedis(string name) => Add(new RedisServer(name, Options));

    public RabbitMqServer AddRabbitMQ(string name) => Add(new RabbitMqServer(name, Options));

    public ProjectResource AddProject(string name, string projectPath) => Add(new ProjectResource(name, projectPath, Options));

    public T Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return resource;
    }

    /// <summary>Finds a resource of the model, for tests that configure or crash one.</summary>
    public T Resource<T>(string name) where T : Resource => (T)_resources.Single(r => r.Name == name);

    /// <summary>Every service of the model, for settings they all share (a test run's token key).</summary>
    public IEnumerable<ProjectResource> Projects => _resources.OfType<ProjectResource>();

    /// <summary>
    /// The runnable platform: each project's further replicas join the resources, waiting for what the
    /// project waits for, and whatever waits for a project waits for all of its replicas.
    /// </summary>
    public Platform Build()
    {
        var resources = _resources.SelectMany(r => r is ProjectResource p ? p.Replicas : (IEnumerable<Resource>)[r]).ToArray();
        foreach (var replica in resources.OfType<ProjectResource>().Where(p => p.ReplicaOf is not null))
        {
            replica.DependsOn.Clear();
            replica.DependsOn.AddRange(replica.ReplicaOf!.DependsOn);
        }

        foreach (var resource in resources)
        {
            var replicated = resource.DependsOn.OfType<ProjectResource>().SelectMany(p => p.Replicas).ToList();
            resource.DependsOn.RemoveAll(d => d is ProjectResource);
            resource.DependsOn.AddRange(replicated);
        }

        return new(Options, resources);
    }
}
