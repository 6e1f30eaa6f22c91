using System.Text;
using FlexPlatform.AppHost.Servers;

namespace FlexPlatform.AppHost.Publishing;

/// <summary>
/// Writes Kubernetes manifests from the app model, as Aspire's publishers do: a kustomize base (a
/// Deployment and a Service per project) and the overlays <c>local</c> and <c>production</c>.
/// </summary>
public static class KubernetesPublisher
{
    public static readonly BackingSize LocalSize = new(PostgresInstances: 1, PostgresStorage: "1Gi", RabbitMqReplicas: 1, RedisNodes: 2);

    public static readonly BackingSize ProductionSize = new(PostgresInstances: 3, PostgresStorage: "50Gi", RabbitMqReplicas: 3, RedisNodes: 2);

    /// <summary>Returns the files written, relative to the output folder.</summary>
    public static IReadOnlyList<string> Publish(IReadOnlyList<PublishedProject> projects, PublishOptions options)
    {
        var connections = projects.SelectMany(p => p.ConnectionReferences).Distinct().OrderBy(c => c.ConnectionName, StringComparer.Ordinal).ToList();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var project in projects)
        {
            files[$"base/{project.Name}.yaml"] = Yaml.Documents(ProjectManifests.For(project, projects, options.ImageTag));
        }

        files["base/kustomization.yaml"] = Yaml.Write(Kustomizations.Base(projects.Select(p => $"{p.Name}.yaml"), options.PublicHost));

        files["overlays/local/kustomization.yaml"] = Yaml.Write(Kustomizations.Local());
        files["overlays/local/namespace.yaml"] = Yaml.Write(Kustomizations.Namespace());
        files["overlays/local/backing-services.yaml"] = Yaml.Documents(BackingServices.For(connections, LocalSize));

        var production = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["backing-services.yaml"] = Yaml.Documents(BackingServices.For(connections, ProductionSize)),
            ["autoscaling.yaml"] = Yaml.Documents(ProductionManifests.AutoscaleMax.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => ProductionManifests.Autoscaler(a.Key, ProductionManifests.Replicas[a.Key], a.Value))),
            ["disruption-budgets.yaml"] = Yaml.Documents(ProductionManifests.Replicas.Keys.Order(StringComparer.Ordinal)
                .Select(ProductionManifests.DisruptionBudget)),
        };
        // The model's public door (the gateway) is the only project reachable from outside.
        foreach (var door in projects.Where(p => p.IsPublic))
        {
            production[$"ingress-{door.Name}.yaml"] = Yaml.Write(ProductionManifests.Ingress(door.Name, options.PublicHost));
        }

        files["overlays/production/kustomization.yaml"] = Yaml.Write(Kustomizations.Production(production.Keys));
        files["overlays/production/namespace.yaml"] = Yaml.Write(Kustomizations.Namespace());
        foreach (var (name, text) in production)
        {
            files[$"overlays/production/{name}"] = text;
        }

        files["README.md"] = SecretsGuide(projects, connections) + ImagesGuide(projects, options.ImageTag);

        foreach (var (path, text) in files)
        {
            var full = Path.Combine(options.OutputDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return [.. files.Keys];
    }

    /// <summary>The <c>publish</c> verb: <c>publish --output deploy/ [--tag latest] [--host name]</c>.</summary>
    public static int Run(IDistributedApplicationBuilder builder, IReadOnlyList<string> args)
    {
        // `dotnet run` starts the AppHost in its project folder: a relative output is taken from the
        // repository root, as the model's project paths are.
        var parsed = PublishOptions.Parse(args);
        var root = PlatformSettings.FindRepositoryRoot();
        var options = parsed with { OutputDirectory = Path.Combine(root, parsed.OutputDirectory) };
        var files = Publish(PublishedModel.From(builder.Resources, root), options);
        Console.WriteLine($"Wrote {files.Count} files to {Path.GetFullPath(options.OutputDirectory)}:");
        foreach (var file in files)
        {
            Console.WriteLine("  " + file);
        }

        return 0;
    }

    private static string ImagesGuide(IReadOnlyList<PublishedProject> projects, string tag)
    {
        var text = new StringBuilder("\n## Images\n\nBuilt with the SDK's container support (add `-p:ContainerRegistry=…` to push):\n\n```sh\n");
        foreach (var project in projects)
        {
            text.Append($"dotnet publish {project.ProjectPath} -c Release /t:PublishContainer -p:ContainerRepository=flexplatform/{project.Name} -p:ContainerImageTag={tag}\n");
        }

        return text.Append("```\n").ToString();
    }

    // The manifests name Secrets and never hold a value: this lists what to create before applying.
    private static string SecretsGuide(IReadOnlyList<PublishedProject> projects, IReadOnlyList<PublishedConnection> connections)
    {
        var text = new StringBuilder();
        text.Append("# FlexPlatform on Kubernetes (generated by `dotnet run --project AppHost -- publish`)\n\n");
        text.Append("Build images with the SDK (`dotnet publish <project> -c Release /t:PublishContainer`), create the\n");
        text.Append("Secrets below in the `flexplatform` namespace, then `kubectl apply -k overlays/local` or `overlays/production`.\n");
        text.Append("The operators (CloudNativePG, the RabbitMQ cluster operator, OT-Container-Kit's Redis operator)\n");
        text.Append("must be installed first: `backing-services.yaml` holds their custom resources.\n\n");
        text.Append("## Secrets the manifests reference\n\n| Secret | key | used by |\n| --- | --- | --- |\n");
        foreach (var connection in connections)
        {
            var users = projects.Where(p => p.ConnectionReferences.Contains(connection)).Select(p => p.Name);
            text.Append($"| `{KubernetesNames.ConnectionSecret(connection)}` | `{KubernetesNames.ConnectionKey}` | {string.Join(", ", users)} (`ConnectionStrings__{connection.ConnectionName}`) |\n");
        }

        foreach (var key in KubernetesNames.JwtSettings.Select(s => s.Key).Distinct())
        {
            text.Append($"| `{KubernetesNames.JwtSecret}` | `{key}` | every project (`Authentication__Schemes__Bearer__*`) |\n");
        }

        foreach (var database in connections.OfType<PublishedDatabase>())
        {
            text.Append($"| `{KubernetesNames.DatabaseOwnerSecret(database)}` | `username`, `password` (basic-auth) | CloudNativePG, owner role of `{database.Name}` |\n");
        }

        text.Append($"| `{KubernetesNames.HashingSecret}` | `{KubernetesNames.HashingKey}` | the services (`Hashing__Key`, 32+ random characters: keyed hashes of emails and client addresses) |\n");
        text.Append($"| `{KubernetesNames.ServiceAuthSecret}` | `{KubernetesNames.ServiceAuthKey}` | the services (`ServiceAuth__Key`, 32+ random characters: the credential on their gRPC calls to each other) |\n");
        text.Append($"| `{KubernetesNames.StaffAuthSecret}` | `{KubernetesNames.StaffAuthKey}` | every project (`StaffAuth__Key`, 32+ random characters: the staff console signs its staff members' tokens with it, the gateway and services check them) |\n");
        text.Append($"| `{KubernetesNames.StaffIdentityProviderSecret}` *(optional)* | {string.Join(", ", KubernetesNames.StaffIdentityProviderSettings.Select(s => $"`{s.Key}`"))} | web (`Staff__OpenIdConnect__*`: the organization's OpenID Connect provider for staff sign-in, callback `https://<host>/staff/sign-in/provider/callback`; without it, staff sign in by mailed link) |\n");
        text.Append($"| `{KubernetesNames.TlsSecret}` | `tls.crt`, `tls.key` | the production Ingress |\n\n");
        text.Append("For example (values from your own secret store, never from this folder):\n\n```sh\n");
        text.Append("kubectl -n flexplatform create secret generic pledgedb-connection \\\n");
        text.Append("  --from-literal=connectionString='Host=postgres-rw;Database=pledgedb;Username=pledgedb;Password=…'\n");
        text.Append("kubectl -n flexplatform create secret generic jwt-bearer \\\n");
        text.Append("  --from-literal=issuer=… --from-literal=audience=… --from-literal=signing-key=…\n");
        text.Append("kubectl -n flexplatform create secret generic hashing --from-literal=key=\"$(openssl rand -base64 48)\"\n");
        text.Append("kubectl -n flexplatform create secret generic service-auth --from-literal=key=\"$(openssl rand -base64 48)\"\n");
        text.Append("kubectl -n flexplatform create secret generic staff-auth --from-literal=key=\"$(openssl rand -base64 48)\"\n```\n");
        return text.ToString();
    }
}
