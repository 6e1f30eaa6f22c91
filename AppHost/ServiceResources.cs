using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.AppHost;

public static class ServiceResources
{
    private static readonly string ServiceKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    private static readonly string StaffKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>
    /// One of the repository's .NET services: an <c>http</c> endpoint, healthy when its <c>/health</c>
    /// says so, and no forwarded headers trusted from anyone (the gateway decides whom it trusts).
    /// A single process listens on its own port; replicas sit behind DCP's proxy, which balances them
    /// (Aspire allows nothing else). Through the proxy a request to a stopped service hangs rather than
    /// being refused, so the gateway could not answer 503 at once: hence no proxy where none is needed.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, int replicas = 1)
        where TProject : IProjectMetadata, new()
    {
        var project = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true);
        project = replicas == 1 ? project.WithOwnEndpoint("http") : project.WithHttpEndpoint(name: "http").WithReplicas(replicas);
        return project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            // Services sign their gRPC calls to each other with it: a fresh one each run, shared by all.
            .WithEnvironment("ServiceAuth__Key", ServiceKey)
            // The staff console signs its staff members' tokens with it; the gateway and services check them.
            .WithEnvironment("StaffAuth__Key", StaffKey)
            // One line per record on the console; the dashboard's structured logs also get our own debug records (outbox relay, inbox).
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithEnvironment("Logging__OpenTelemetry__LogLevel__FlexPlatform", "Debug")
            .DisableForwardedHeaders()
            .WithHttpHealthCheck("/health", endpointName: "http");
    }

    /// <summary>
    /// A second, HTTP/2-only cleartext endpoint for gRPC: without TLS, Kestrel cannot negotiate HTTP/2 on a
    /// shared endpoint. Kestrel's endpoint configuration (not <c>ASPNETCORE_URLS</c>) is what sets a protocol per port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGrpcEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        var replicated = project.Resource.ReplicaCount() > 1;
        (replicated ? project.WithEndpoint(name: "grpc", scheme: "http") : project.WithOwnEndpoint("grpc")).WithEndpoint("grpc", e => e.Transport = "http2");
        var http = project.GetEndpoint("http");
        var grpc = project.GetEndpoint("grpc");
        return project.WithEnvironment(context =>
        {
            context.EnvironmentVariables.Remove("ASPNETCORE_URLS");
            context.EnvironmentVariables["Kestrel__Endpoints__http__Url"] = ReferenceExpression.Create($"http://localhost:{http.Property(EndpointProperty.TargetPort)}");
            context.EnvironmentVariables["Kestrel__Endpoints__grpc__Url"] = ReferenceExpression.Create($"http://localhost:{grpc.Property(EndpointProperty.TargetPort)}");
            context.EnvironmentVariables["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        });
    }

    private static IResourceBuilder<ProjectResource> WithOwnEndpoint(this IResourceBuilder<ProjectResource> project, string name)
    {
        var port = FreePort.Pick();
        return project.WithHttpEndpoint(name: name, port: port, targetPort: port, isProxied: false);
    }

    /// <summary>Mail into the service's dev mailbox when the platform runs locally or under test (<see cref="PlatformSettings.DevMailbox"/>).</summary>
    public static IResourceBuilder<ProjectResource> WithMail(this IResourceBuilder<ProjectResource> service, PlatformSettings platform) =>
        service.WithEnvironment("Mail__DevMailbox", platform.DevMailbox ? "true" : "false");

    /// <summary>How many processes run this resource (Aspire's <c>WithReplicas</c>; 1 without it).</summary>
    public static int ReplicaCount(this IResource resource) =>
        resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    /// <summary>The public door on a fixed port, not behind DCP's proxy (clients and the benchmark reach Kestrel itself).</summary>
    public static IResourceBuilder<ProjectResource> WithPublicEndpoint(this IResourceBuilder<ProjectResource> project, int port) =>
        project.WithExternalHttpEndpoints().WithEndpoint("http", e =>
        {
            e.Port = port;
            e.TargetPort = port;
            e.IsProxied = false;
        });
}
