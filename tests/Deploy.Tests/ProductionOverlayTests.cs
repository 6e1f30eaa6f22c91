using FlexPlatform.AppHost.Publishing;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

public sealed class ProductionOverlayTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    private List<KubeObject> Production => published.Built["overlays/production"];

    [Theory]
    [InlineData("pledge", 3)]
    [InlineData("engagement", 2)]
    [InlineData("gateway", 2)]
    [InlineData("web", 2)]
    [InlineData("coalition", 1)]
    [InlineData("content", 1)]
    public void Production_runs_the_planned_replicas(string project, int replicas)
    {
        Assert.Equal(replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), Deployment(project)["spec.replicas"]);
        if (replicas > 1)
        {
            var budget = Assert.Single(Production, o => o is { Kind: "PodDisruptionBudget" } && o.Name == project);
            Assert.Equal(project, ((Dictionary<object, object>)budget["spec.selector.matchLabels"]!)["app.kubernetes.io/name"]);
        }
    }

    [Fact]
    public void Autoscalers_start_at_the_planned_replicas_and_target_Deployments_that_exist()
    {
        var autoscalers = Production.Where(o => o.Kind == "HorizontalPodAutoscaler").ToList();
        Assert.NotEmpty(autoscalers);
        Assert.All(autoscalers, a =>
        {
            var target = Deployment((string)a["spec.scaleTargetRef.name"]!);
            Assert.Equal(target["spec.replicas"], a["spec.minReplicas"]);
        });
    }

    [Fact]
    public void The_Ingress_leads_only_to_the_public_door_of_the_model_over_TLS()
    {
        var ingress = Assert.Single(Production, o => o.Kind == "Ingress");
        var backends = Manifests.Items(ingress["spec.rules"]).SelectMany(r => Manifests.Items(Manifests.At(r, "http.paths")))
            .Select(p => Manifests.At(p, "backend.service.name")).Distinct();
        Assert.Equal(published.Projects.Where(p => p.IsPublic).Select(p => (object)p.Name), backends);
        Assert.Equal(["gateway"], backends);
        Assert.NotEmpty(Manifests.Items(ingress["spec.tls"]));
    }

    [Fact]
    public void Backing_servers_are_operator_resources_with_one_database_per_service()
    {
        foreach (var overlay in new[] { "overlays/local", "overlays/production" })
        {
            var objects = published.Built[overlay];
            var databases = published.Projects.SelectMany(p => p.ConnectionReferences).OfType<PublishedDatabase>().Distinct();
            Assert.All(databases, d => Assert.Single(objects, o => o is { Kind: "Database" } && o.Name == d.Name && Equals(o["spec.cluster.name"], d.ServerName)));
            Assert.Single(objects, o => o is { Kind: "Cluster", ApiVersion: "postgresql.cnpg.io/v1" });
            Assert.Contains("quorum", (string)Assert.Single(objects, o => o.Kind == "RabbitmqCluster")["spec.rabbitmq.additionalConfig"]!, StringComparison.Ordinal);
            Assert.Single(objects, o => o.Kind == "RedisReplication");
        }

        Assert.Equal("3", Assert.Single(Production, o => o.Kind == "Cluster")["spec.instances"]);
    }

    private KubeObject Deployment(string name) => Assert.Single(Production, o => o is { Kind: "Deployment" } && o.Name == name);
}
