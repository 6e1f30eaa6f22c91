using static FlexPlatform.AppHost.Publishing.KubernetesNames;

namespace FlexPlatform.AppHost.Publishing;

/// <summary>What production adds to the base: replicas, autoscaling, disruption budgets and the public door.</summary>
public static class ProductionManifests
{
    /// <summary>
    /// Pledge takes the write bursts and holds most live streams; Engagement follows the confirmations;
    /// the gateway and web client are stateless. Coalition and Content see little traffic.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> Replicas = new Dictionary<string, int>
    {
        ["pledge"] = 3,
        ["engagement"] = 2,
        ["gateway"] = 2,
        ["web"] = 2,
    };

    /// <summary>Only the CPU-bound, stateless front scales on load; the rest is sized by hand.</summary>
    public static readonly IReadOnlyDictionary<string, int> AutoscaleMax = new Dictionary<string, int>
    {
        ["gateway"] = 6,
        ["pledge"] = 6,
    };

    public static YamlMap Autoscaler(string name, int min, int max) => new()
    {
        { "apiVersion", "autoscaling/v2" },
        { "kind", "HorizontalPodAutoscaler" },
        { "metadata", new YamlMap { { "name", name } } },
        { "spec", new YamlMap
        {
            { "scaleTargetRef", new YamlMap { { "apiVersion", "apps/v1" }, { "kind", "Deployment" }, { "name", name } } },
            { "minReplicas", min },
            { "maxReplicas", max },
            { "metrics", new[]
            {
                new YamlMap
                {
                    { "type", "Resource" },
                    { "resource", new YamlMap
                    {
                        { "name", "cpu" },
                        { "target", new YamlMap { { "type", "Utilization" }, { "averageUtilization", 70 } } },
                    } },
                },
            } },
        } },
    };

    // A drain or node upgrade never takes every replica of a service at once.
    public static YamlMap DisruptionBudget(string name) => new()
    {
        { "apiVersion", "policy/v1" },
        { "kind", "PodDisruptionBudget" },
        { "metadata", new YamlMap { { "name", name } } },
        { "spec", new YamlMap
        {
            { "minAvailable", 1 },
            { "selector", new YamlMap { { "matchLabels", Labels(name) } } },
        } },
    };

    public static YamlMap Ingress(string service, string host) => new()
    {
        { "apiVersion", "networking.k8s.io/v1" },
        { "kind", "Ingress" },
        { "metadata", new YamlMap
        {
            { "name", service },
            { new YamlComment("Live counters are server-sent events: no buffering, long-lived reads. The admin") },
            { new YamlComment("import takes up to 1 GiB; the gateway enforces the smaller limits of every other route.") },
            { "annotations", new YamlMap
            {
                { "nginx.ingress.kubernetes.io/proxy-buffering", "off" },
                { "nginx.ingress.kubernetes.io/proxy-read-timeout", "3600" },
                { "nginx.ingress.kubernetes.io/proxy-body-size", "1g" },
            } },
        } },
        { "spec", new YamlMap
        {
            { "ingressClassName", "nginx" },
            { "tls", new[] { new YamlMap { { "hosts", new[] { host } }, { "secretName", TlsSecret } } } },
            { "rules", new[]
            {
                new YamlMap
                {
                    { "host", host },
                    { "http", new YamlMap
                    {
                        { "paths", new[]
                        {
                            new YamlMap
                            {
                                { "path", "/" },
                                { "pathType", "Prefix" },
                                { "backend", new YamlMap
                                {
                                    { "service", new YamlMap { { "name", service }, { "port", new YamlMap { { "name", "http" } } } } },
                                } },
                            },
                        } },
                    } },
                },
            } },
        } },
    };
}
