using Xunit;

namespace FlexPlatform.Deploy.Tests;

public sealed class ManifestShapeTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void Every_object_has_an_api_version_a_kind_and_a_name(string kustomization)
    {
        var objects = published.Built[kustomization];
        Assert.NotEmpty(objects);
        Assert.All(objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.ApiVersion), $"{o} has no apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Kind), $"{o} has no kind");
            Assert.False(string.IsNullOrEmpty(o.Name), $"{o} has no metadata.name");
        });
        Assert.Equal(objects.Count, objects.Select(o => $"{o.ApiVersion}/{o}").Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Base_Deployments_run_the_replicas_the_model_asks_for(int replicas)
    {
        var model = await PublishedManifests.NewModelAsync(replicas);
        var directory = Path.Combine(Path.GetTempPath(), "flex-deploy-" + Guid.NewGuid().ToString("N"));
        try
        {
            FlexPlatform.AppHost.Publishing.KubernetesPublisher.Publish(model, new FlexPlatform.AppHost.Publishing.PublishOptions(directory, PublishedManifests.Tag));
            foreach (var project in model)
            {
                var deployment = Assert.Single(Manifests.Parse(File.ReadAllText(Path.Combine(directory, "base", project.Name + ".yaml"))), o => o.Kind == "Deployment");
                Assert.Equal(project.ReplicaCount.ToString(System.Globalization.CultureInfo.InvariantCulture), deployment["spec.replicas"]);
            }

            Assert.Equal(replicas, model.Single(p => p.Name == "pledge").ReplicaCount);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void Every_project_of_the_model_is_a_Deployment_and_a_Service(string kustomization)
    {
        var objects = published.Built[kustomization];
        foreach (var project in published.Projects)
        {
            var deployment = Assert.Single(objects, o => o is { Kind: "Deployment" } && o.Name == project.Name);
            var service = Assert.Single(objects, o => o is { Kind: "Service" } && o.Name == project.Name);
            var expectedPorts = !project.HasGrpc ? new[] { "http" } : ["http", "grpc"];
            Assert.Equal(expectedPorts, Manifests.Items(service["spec.ports"]).Select(p => (string)p["name"]));
            Assert.Equal(expectedPorts, Manifests.Containers(deployment).SelectMany(c => Manifests.Items(c["ports"])).Select(p => (string)p["name"]));
            Assert.Equal(project.Name, ((Dictionary<object, object>)service["spec.selector"]!)["app.kubernetes.io/name"]);
        }

        Assert.Equal(published.Projects.Count, objects.Count(o => o.Kind == "Deployment"));
    }

    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void Every_container_has_startup_readiness_and_liveness_probes(string kustomization)
    {
        foreach (var deployment in published.Built[kustomization].Where(o => o.Kind == "Deployment"))
        {
            Assert.All(Manifests.Containers(deployment), c =>
            {
                Assert.Equal("/alive", Manifests.At(c, "startupProbe.httpGet.path"));
                Assert.Equal("/health", Manifests.At(c, "readinessProbe.httpGet.path"));
                Assert.Equal("/alive", Manifests.At(c, "livenessProbe.httpGet.path"));
                Assert.NotNull(Manifests.At(c, "resources.requests.cpu"));
                Assert.NotNull(Manifests.At(c, "resources.limits.memory"));
            });
        }
    }

    [Fact]
    public void Containers_run_as_non_root_on_a_read_only_filesystem_without_capabilities()
    {
        foreach (var deployment in published.Built["overlays/production"].Where(o => o.Kind == "Deployment"))
        {
            Assert.Equal("true", deployment["spec.template.spec.securityContext.runAsNonRoot"]);
            Assert.All(Manifests.Containers(deployment), c =>
            {
                Assert.Equal("true", Manifests.At(c, "securityContext.readOnlyRootFilesystem"));
                Assert.Equal("false", Manifests.At(c, "securityContext.allowPrivilegeEscalation"));
                Assert.Equal(["ALL"], (List<object>)Manifests.At(c, "securityContext.capabilities.drop")!);
            });
        }
    }

    [Fact]
    public void Images_are_named_flexplatform_project_and_tag()
    {
        foreach (var deployment in published.Built["overlays/production"].Where(o => o.Kind == "Deployment"))
        {
            Assert.Equal($"flexplatform/{deployment.Name}:{PublishedManifests.Tag}", Assert.Single(Manifests.Containers(deployment))["image"]);
        }
    }

    [Fact]
    public void Peers_are_addressed_by_their_Service_names_and_ports_in_Aspire_variables()
    {
        var objects = published.Built["overlays/production"];
        foreach (var project in published.Projects)
        {
            var env = Environment(objects, project.Name);
            Assert.Equal(project.Name, env["OTEL_SERVICE_NAME"]);
            foreach (var peer in project.ServiceReferences)
            {
                var service = Assert.Single(objects, o => o is { Kind: "Service" } && o.Name == peer.Name);
                // Each port the caller references (a reference to the http endpoint alone leaves gRPC out).
                foreach (var port in Manifests.Items(service["spec.ports"]).Where(p => peer.UsesGrpc || (string)p["name"] != "grpc"))
                {
                    Assert.Equal($"http://{peer.Name}:{port["port"]}", env[$"services__{peer.Name}__{port["name"]}__0"]);
                }

                Assert.Equal(peer.UsesGrpc, env.ContainsKey($"services__{peer.Name}__grpc__0"));
            }
        }
    }

    [Fact]
    public void Every_service_reads_the_shared_configuration_with_the_telemetry_endpoint()
    {
        var objects = published.Built["overlays/production"];
        var config = Assert.Single(objects, o => o.Kind == "ConfigMap");
        Assert.NotNull(config["data.OTEL_EXPORTER_OTLP_ENDPOINT"]);
        foreach (var deployment in objects.Where(o => o.Kind == "Deployment"))
        {
            var container = Assert.Single(Manifests.Containers(deployment));
            Assert.Contains(Manifests.Items(container["envFrom"]), e => Equals(Manifests.At(e, "configMapRef.name"), config.Name));
        }
    }

    [Fact]
    public void Only_the_local_overlay_turns_on_the_dev_mailbox_and_production_sends_over_SMTP()
    {
        var production = published.Built["overlays/production"];
        var config = Assert.Single(production, o => o.Kind == "ConfigMap");
        Assert.Null(config["data.Mail__DevMailbox"]);
        Assert.Equal("smtp", config["data.Mail__SmtpHost"]);
        Assert.All(production.Where(o => o.Kind == "Deployment"), d => Assert.DoesNotContain("Mail__DevMailbox", Environment(production, d.Name!).Keys));
        Assert.Equal("true", Assert.Single(published.Built["overlays/local"], o => o.Kind == "ConfigMap")["data.Mail__DevMailbox"]);
    }

    [Fact]
    public void The_cluster_network_is_trusted_to_forward_visitor_addresses()
    {
        var config = Assert.Single(published.Built["overlays/production"], o => o.Kind == "ConfigMap");
        Assert.True(System.Net.IPNetwork.TryParse((string?)config["data.TrustedProxies__Networks__0"], out _));
    }

    internal static Dictionary<string, object?> Environment(List<KubeObject> objects, string project)
    {
        var deployment = Assert.Single(objects, o => o is { Kind: "Deployment" } && o.Name == project);
        return Manifests.Items(Assert.Single(Manifests.Containers(deployment))["env"])
            .ToDictionary(e => (string)e["name"], e => (object?)(e.TryGetValue("value", out var v) ? v : e["valueFrom"]));
    }
}
