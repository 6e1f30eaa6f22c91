using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace FlexPlatform.Deploy.Tests;

/// <summary>One Kubernetes object of kustomize's output, read through paths such as <c>spec.template.spec</c>.</summary>
public sealed class KubeObject(Dictionary<object, object> root)
{
    public string? ApiVersion => this["apiVersion"] as string;

    public string? Kind => this["kind"] as string;

    public string? Name => this["metadata.name"] as string;

    public Dictionary<object, object> Root => root;

    public object? this[string path] => Manifests.At(root, path);

    public override string ToString() => $"{Kind}/{Name}";
}

public static class Manifests
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static List<KubeObject> Parse(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<KubeObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document)
            {
                objects.Add(new KubeObject(document));
            }
        }

        return objects;
    }

    public static object? At(object? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            node = node is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }

        return node;
    }

    public static IEnumerable<Dictionary<object, object>> Items(object? node) =>
        node is List<object> list ? list.Cast<Dictionary<object, object>>() : [];

    public static IEnumerable<Dictionary<object, object>> Containers(KubeObject deployment) =>
        Items(deployment["spec.template.spec.containers"]);
}
