using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.AppHost.Publishing;

/// <summary>What the manifests need of one project of the Aspire model.</summary>
public sealed record PublishedProject(
    string Name, string ProjectPath, int ReplicaCount, bool IsPublic, bool HasGrpc,
    IReadOnlyList<PublishedConnection> ConnectionReferences, IReadOnlyList<PublishedPeer> ServiceReferences);

/// <summary>A project another one calls; <paramref name="UsesGrpc"/> when the caller references its gRPC endpoint too.</summary>
public sealed record PublishedPeer(string Name, bool UsesGrpc);

/// <summary>A server resource a project references by connection string.</summary>
public abstract record PublishedConnection(string Name)
{
    public string ConnectionName => Name;
}

public sealed record PublishedDatabase(string Name, string ServerName) : PublishedConnection(Name);

public sealed record PublishedBroker(string Name) : PublishedConnection(Name);

public sealed record PublishedCache(string Name) : PublishedConnection(Name);

/// <summary>Reads the projects, their references and replica counts from Aspire's app model.</summary>
public static class PublishedModel
{
    public static IReadOnlyList<PublishedProject> From(IEnumerable<IResource> resources, string repositoryRoot) =>
        [.. resources.OfType<ProjectResource>().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new PublishedProject(
            p.Name,
            Path.GetRelativePath(repositoryRoot, p.GetProjectMetadata().ProjectPath),
            p.ReplicaCount(),
            p.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal),
            HasGrpc(p),
            [.. References(p).OfType<IResourceWithConnectionString>().Select(Connection)],
            [.. References(p).OfType<ProjectResource>().Select(peer => new PublishedPeer(peer.Name, HasGrpc(peer) && ReferencesGrpc(p, peer)))]))];

    private static IEnumerable<IResource> References(ProjectResource resource) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference")
            .Select(r => r.Resource)
            .Distinct();

    // A whole-resource reference takes every endpoint; WithReference(peer.GetEndpoint("http")) only that one.
    private static bool ReferencesGrpc(ProjectResource caller, ProjectResource peer) =>
        caller.Annotations.OfType<EndpointReferenceAnnotation>()
            .Any(r => r.Resource == peer && (r.UseAllEndpoints || r.EndpointNames.Contains("grpc")));

    private static bool HasGrpc(ProjectResource project) =>
        project.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "grpc");

    private static PublishedConnection Connection(IResourceWithConnectionString resource) => resource switch
    {
        PostgresDatabaseResource database => new PublishedDatabase(database.Name, database.Parent.Name),
        RabbitMqServerResource broker => new PublishedBroker(broker.Name),
        RedisServerResource cache => new PublishedCache(cache.Name),
        _ => throw new InvalidOperationException($"No Kubernetes shape for {resource.Name} ({resource.GetType().Name})."),
    };
}
