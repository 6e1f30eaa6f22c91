using static FlexPlatform.AppHost.Publishing.KubernetesNames;

namespace FlexPlatform.AppHost.Publishing;

/// <summary>One project of the app model as a Deployment and a Service, configured the way the AppHost configures it locally.</summary>
public static class ProjectManifests
{
    // MapDefaultEndpoints in ServiceDefaults: readiness with dependencies, liveness of the process alone.
    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";
    private static readonly string[] DropAll = ["ALL"];
    private static readonly string[] IngressOnly = ["Ingress"];

    public static IEnumerable<YamlMap> For(PublishedProject project, IReadOnlyList<PublishedProject> all, string imageTag) =>
        [Deployment(project, imageTag), Service(project), NetworkPolicy(project, all)];

    /// <summary>
    /// Who may open a connection to this project's pods. The public project (the gateway, behind the Ingress) takes
    /// HTTP from anywhere; every other project only from the projects that reference it in the model; gRPC only from
    /// those of them that reference its gRPC endpoint and are not public (the way in from outside never calls gRPC). Kubelet probes are not pod
    /// traffic and pass.
    /// </summary>
    public static YamlMap NetworkPolicy(PublishedProject project, IReadOnlyList<PublishedProject> all)
    {
        var callers = all.Where(p => p.ServiceReferences.Any(r => r.Name == project.Name)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var rules = new List<YamlMap>();
        if (project.IsPublic)
        {
            rules.Add(new YamlMap { { "ports", new[] { TcpPort("http") } } });
        }
        else if (callers.Count > 0)
        {
            rules.Add(new YamlMap { { "from", callers.Select(From).ToArray() }, { "ports", new[] { TcpPort("http") } } });
        }

        if (project.HasGrpc && callers.Where(c => !c.IsPublic && c.ServiceReferences.Any(r => r.Name == project.Name && r.UsesGrpc)).ToList() is { Count: > 0 } grpcCallers)
        {
            rules.Add(new YamlMap { { "from", grpcCallers.Select(From).ToArray() }, { "ports", new[] { TcpPort("grpc") } } });
        }

        return new YamlMap
        {
            { "apiVersion", "networking.k8s.io/v1" },
            { "kind", "NetworkPolicy" },
            { "metadata", new YamlMap { { "name", project.Name }, { "labels", Labels(project.Name) } } },
            { "spec", new YamlMap
            {
                { "podSelector", new YamlMap { { "matchLabels", Labels(project.Name) } } },
                { "policyTypes", IngressOnly },
                { "ingress", rules.ToArray() },
            } },
        };

        static YamlMap From(PublishedProject caller) => new() { { "podSelector", new YamlMap { { "matchLabels", Labels(caller.Name) } } } };
        static YamlMap TcpPort(string name) => new() { { "protocol", "TCP" }, { "port", name } };
    }

    private static YamlMap Deployment(PublishedProject project, string imageTag) => new()
    {
        { "apiVersion", "apps/v1" },
        { "kind", "Deployment" },
        { "metadata", new YamlMap { { "name", project.Name }, { "labels", Labels(project.Name) } } },
        { "spec", new YamlMap
        {
            { new YamlComment("The model's WithReplicas; the production overlay sets its own counts.") },
            { "replicas", project.ReplicaCount },
            { "selector", new YamlMap { { "matchLabels", Labels(project.Name) } } },
            { "template", new YamlMap
            {
                { "metadata", new YamlMap { { "labels", Labels(project.Name) } } },
                { "spec", new YamlMap
                {
                    { "automountServiceAccountToken", false },
                    { "securityContext", new YamlMap
                    {
                        { "runAsNonRoot", true },
                        { "runAsUser", AppUid },
                        { "runAsGroup", AppUid },
                        { "seccompProfile", new YamlMap { { "type", "RuntimeDefault" } } },
                    } },
                    { "containers", new[] { Container(project, imageTag) } },
                    { new YamlComment("The root filesystem is read-only; .NET still wants a writable /tmp.") },
                    { "volumes", new[] { new YamlMap { { "name", "tmp" }, { "emptyDir", new YamlMap { { "sizeLimit", "64Mi" } } } } } },
                } },
            } },
        } },
    };

    private static YamlMap Container(PublishedProject project, string imageTag) => new()
    {
        { "name", project.Name },
        { "image", Image(project, imageTag) },
        { "imagePullPolicy", "IfNotPresent" },
        { "ports", Ports(project, (name, port) => new YamlMap { { "name", name }, { "containerPort", port } }) },
        { "env", Environment(project) },
        { "envFrom", new[] { new YamlMap { { "configMapRef", new YamlMap { { "name", ConfigMap } } } } } },
        { new YamlComment("Startup allows a cold start of up to 60 s; readiness includes dependencies, liveness only the process.") },
        { "startupProbe", Probe(AlivePath, period: 2, failures: 30) },
        { "readinessProbe", Probe(HealthPath, period: 5, failures: 3) },
        { "livenessProbe", Probe(AlivePath, period: 10, failures: 3) },
        { new YamlComment("Each service idles under 150 MB; under the benchmark's load the gateway grew to 500 MB") },
        { new YamlComment("(10,000 streams) and Pledge to 390 MB: a small request packs pods, the limit holds a burst.") },
        { "resources", new YamlMap
        {
            { "requests", new YamlMap { { "cpu", "100m" }, { "memory", "192Mi" } } },
            { "limits", new YamlMap { { "cpu", "500m" }, { "memory", "512Mi" } } },
        } },
        { "securityContext", new YamlMap
        {
            { "allowPrivilegeEscalation", false },
            { "readOnlyRootFilesystem", true },
            { "capabilities", new YamlMap { { "drop", DropAll } } },
        } },
        { "volumeMounts", new[] { new YamlMap { { "name", "tmp" }, { "mountPath", "/tmp" } } } },
    };

    // The same variables the AppHost sets locally (ProjectResource), with cluster DNS names for peers.
    private static List<YamlMap> Environment(PublishedProject project)
    {
        var env = new List<YamlMap>
        {
            Plain("OTEL_SERVICE_NAME", project.Name),
            // Kestrel's endpoints win over ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS of the base image.
            Plain("Kestrel__Endpoints__http__Url", $"http://*:{HttpPort}"),
        };
        if (project.HasGrpc)
        {
            env.Add(Plain("Kestrel__Endpoints__grpc__Url", $"http://*:{GrpcPort}"));
            env.Add(Plain("Kestrel__Endpoints__grpc__Protocols", "Http2"));
        }

        foreach (var peer in project.ServiceReferences)
        {
            env.Add(Plain($"services__{peer.Name}__http__0", $"http://{peer.Name}:{HttpPort}"));
            if (peer.UsesGrpc)
            {
                env.Add(Plain($"services__{peer.Name}__grpc__0", $"http://{peer.Name}:{GrpcPort}"));
            }
        }

        foreach (var connection in project.ConnectionReferences)
        {
            env.Add(FromSecret($"ConnectionStrings__{connection.ConnectionName}", ConnectionSecret(connection), ConnectionKey));
        }

        env.AddRange(JwtSettings.Select(s => FromSecret(s.Variable, JwtSecret, s.Key)));
        env.Add(FromSecret("StaffAuth__Key", StaffAuthSecret, StaffAuthKey));
        if (project.ConnectionReferences.Any(c => c.ConnectionName == "staffdb"))
        {
            env.AddRange(StaffIdentityProviderSettings.Select(s => FromSecret(s.Variable, StaffIdentityProviderSecret, s.Key, optional: true)));
        }

        if (project.ConnectionReferences.Count > 0)
        {
            env.Add(FromSecret("Hashing__Key", HashingSecret, HashingKey));
            env.Add(FromSecret("ServiceAuth__Key", ServiceAuthSecret, ServiceAuthKey));
        }

        return env;
    }

    private static YamlMap Service(PublishedProject project) => new()
    {
        { "apiVersion", "v1" },
        { "kind", "Service" },
        { "metadata", new YamlMap { { "name", project.Name }, { "labels", Labels(project.Name) } } },
        { "spec", new YamlMap
        {
            { "selector", Labels(project.Name) },
            { "ports", Ports(project, (name, port) => new YamlMap
            {
                { "name", name },
                { "port", port },
                { "targetPort", name },
                // gRPC here is cleartext HTTP/2 with prior knowledge, as locally.
                { "appProtocol", name == "grpc" ? "kubernetes.io/h2c" : "http" },
            }) },
        } },
    };

    private static List<YamlMap> Ports(PublishedProject project, Func<string, int, YamlMap> port) =>
        !project.HasGrpc ? [port("http", HttpPort)] : [port("http", HttpPort), port("grpc", GrpcPort)];

    private static YamlMap Probe(string path, int period, int failures) => new()
    {
        { "httpGet", new YamlMap { { "path", path }, { "port", "http" } } },
        { "periodSeconds", period },
        { "timeoutSeconds", 3 },
        { "failureThreshold", failures },
    };

    private static YamlMap Plain(string name, string value) => new() { { "name", name }, { "value", value } };

    private static YamlMap FromSecret(string name, string secret, string key, bool optional = false)
    {
        var reference = new YamlMap { { "name", secret }, { "key", key } };
        if (optional)
        {
            reference.Add("optional", true);
        }

        return new YamlMap { { "name", name }, { "valueFrom", new YamlMap { { "secretKeyRef", reference } } } };
    }
}
