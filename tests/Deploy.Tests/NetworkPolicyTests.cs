using Xunit;

namespace FlexPlatform.Deploy.Tests;

/// <summary>Internal ports are not open to any pod: only the gateway takes traffic from outside, and each gRPC port only from its callers.</summary>
public sealed class NetworkPolicyTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void Each_project_is_reached_only_by_the_projects_that_call_it(string kustomization)
    {
        var policies = published.Built[kustomization].Where(o => o.Kind == "NetworkPolicy").ToDictionary(o => o.Name!);
        Assert.Equal(published.Projects.Select(p => p.Name).Order(), policies.Keys.Order());

        // The way in: HTTP from anywhere (the Ingress), nothing else.
        Assert.Equal(["(anyone):http"], Rules(policies["gateway"]));
        // The web client answers only the gateway, which serves it at "/".
        Assert.Equal(["gateway:http"], Rules(policies["web"]));
        // Pledge's gRPC: the services that ask it about supporters; Coalition's: Pledge, which resolves codes.
        Assert.Equal(["coalition:grpc", "content:grpc", "engagement:grpc"], Rules(policies["pledge"]).Where(r => r.EndsWith(":grpc", StringComparison.Ordinal)));
        Assert.Equal(["pledge:grpc"], Rules(policies["coalition"]).Where(r => r.EndsWith(":grpc", StringComparison.Ordinal)));
        Assert.All(published.Projects.Where(p => !p.IsPublic), p => Assert.Contains("gateway:http", Rules(policies[p.Name])));
        // The staff console asks each service what waits there (/admin/state), over HTTP only.
        Assert.All(["pledge", "coalition", "content", "engagement"], service => Assert.Contains("web:http", Rules(policies[service])));
        Assert.All(policies.Values, p => Assert.DoesNotContain("(anyone):grpc", Rules(p)));
    }

    /// <summary>"caller:port" per allowed source and port, "(anyone)" for a rule without sources.</summary>
    private static List<string> Rules(KubeObject policy)
    {
        var rules = new List<string>();
        foreach (Dictionary<object, object> rule in (List<object>)policy["spec.ingress"]!)
        {
            var ports = ((List<object>)rule["ports"]).Cast<Dictionary<object, object>>().Select(p => (string)p["port"]).ToList();
            var from = rule.TryGetValue("from", out var sources)
                ? ((List<object>)sources).Cast<Dictionary<object, object>>().Select(s => (string)((Dictionary<object, object>)Manifests.At(s, "podSelector.matchLabels")!)["app.kubernetes.io/name"]).ToList()
                : ["(anyone)"];
            rules.AddRange(from.SelectMany(f => ports.Select(p => $"{f}:{p}")));
        }

        return rules.Order(StringComparer.Ordinal).ToList();
    }
}
