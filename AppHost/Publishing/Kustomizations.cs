namespace FlexPlatform.AppHost.Publishing;

/// <summary>The kustomization.yaml files: the base lists the projects, each overlay patches it.</summary>
public static class Kustomizations
{
    public static YamlMap Base(IEnumerable<string> resources, string publicHost) => new()
    {
        { "apiVersion", "kustomize.config.k8s.io/v1beta1" },
        { "kind", "Kustomization" },
        { "labels", new[]
        {
            new YamlMap
            {
                { "pairs", new YamlMap { { "app.kubernetes.io/part-of", KubernetesNames.PartOf } } },
                { "includeTemplates", true },
            },
        } },
        { "resources", resources.ToList() },
        { new YamlComment("Settings every service shares; the generated name's hash rolls the pods when they change.") },
        { "configMapGenerator", new[]
        {
            ConfigMap(behavior: null,
                "ASPNETCORE_ENVIRONMENT=Production",
                "OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317",
                $"Mail__PublicBaseUrl=https://{publicHost}",
                "Mail__SmtpHost=smtp",
                // Who may say who a visitor is (X-Forwarded-For): the Ingress controller's and the web client's pods.
                "TrustedProxies__Networks__0=10.0.0.0/8"),
        } },
    };

    public static YamlMap Local() => Overlay(
        ["namespace.yaml", "backing-services.yaml"],
        ConfigMap("merge",
            "ASPNETCORE_ENVIRONMENT=Development",
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://aspire-dashboard:18889",
            "Mail__PublicBaseUrl=http://localhost:8080",
            "Mail__DevMailbox=true"));

    public static YamlMap Production(IEnumerable<string> resources) => Overlay(
        ["namespace.yaml", .. resources],
        configMap: null,
        replicas: ProductionManifests.Replicas.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new YamlMap { { "name", r.Key }, { "count", r.Value } }).ToList());

    private static YamlMap Overlay(IEnumerable<string> resources, YamlMap? configMap, List<YamlMap>? replicas = null) => new()
    {
        { "apiVersion", "kustomize.config.k8s.io/v1beta1" },
        { "kind", "Kustomization" },
        { "namespace", KubernetesNames.PartOf },
        { "resources", resources.Prepend("../../base").ToList() },
        { replicas is null ? null : new YamlComment("Pledge takes write bursts and most live streams; Engagement follows every confirmation.") },
        { "replicas", replicas },
        { configMap is null ? null : new YamlComment("Development keeps the dev mailbox (no SMTP server needed) and sends telemetry to a standalone Aspire dashboard.") },
        { "configMapGenerator", configMap is null ? null : new[] { configMap } },
    };

    private static YamlMap ConfigMap(string? behavior, params string[] literals) => new()
    {
        { "name", KubernetesNames.ConfigMap },
        { "behavior", behavior },
        { "literals", literals },
    };

    public static YamlMap Namespace() => new()
    {
        { "apiVersion", "v1" },
        { "kind", "Namespace" },
        { "metadata", new YamlMap { { "name", KubernetesNames.PartOf } } },
    };
}
