namespace FlexPlatform.AppHost;

public static class ServiceResources
{
    /// <summary>
    /// One of the repository's .NET services: an <c>http</c> endpoint (and the <c>grpc</c> one its
    /// Kestrel configuration declares), healthy when its <c>/health</c> says so, and no forwarded
    /// headers trusted from anyone (the gateway decides whom it trusts).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var project = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true);
        if (!project.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "http"))
        {
            project.WithHttpEndpoint(name: "http");
        }

        return project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .DisableForwardedHeaders()
            .WithHttpHealthCheck("/health", endpointName: "http");
    }

    /// <summary>
    /// A second, HTTP/2-only cleartext endpoint for gRPC: without TLS, Kestrel cannot negotiate HTTP/2 on a
    /// shared endpoint. Kestrel's endpoint configuration (not <c>ASPNETCORE_URLS</c>) is what sets a protocol per port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGrpcEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        project.WithEndpoint(name: "grpc", scheme: "http").WithEndpoint("grpc", e => e.Transport = "http2");
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

    /// <summary>The public door on a fixed port, not behind DCP's proxy (clients and the benchmark reach Kestrel itself).</summary>
    public static IResourceBuilder<ProjectResource> WithPublicEndpoint(this IResourceBuilder<ProjectResource> project, int port) =>
        project.WithExternalHttpEndpoints().WithEndpoint("http", e =>
        {
            e.Port = port;
            e.TargetPort = port;
            e.IsProxied = false;
        });
}
