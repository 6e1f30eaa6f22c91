using FlexPlatform.AppHost;
using FlexPlatform.AppHost.Hosting;
using FlexPlatform.AppHost.Publishing;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

/// <summary>The app model published once into a temporary folder, each kustomization built with kubectl.</summary>
public sealed class PublishedManifests : IAsyncLifetime
{
    public const string Tag = "1.2.3-test";
    public static readonly string[] Kustomizations = ["base", "overlays/local", "overlays/production"];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "flex-deploy-" + Guid.NewGuid().ToString("N"));

    public PlatformBuilder Model { get; } = NewModel();

    public Dictionary<string, List<KubeObject>> Built { get; } = [];

    public static PlatformBuilder NewModel()
    {
        var builder = PlatformBuilder.Create(PlatformOptions.ForTests(Path.GetTempPath()));
        builder.AddFlexPlatform();
        return builder;
    }

    public async Task InitializeAsync()
    {
        KubernetesPublisher.Publish(Model, new PublishOptions(Directory, Tag));
        foreach (var kustomization in Kustomizations)
        {
            Built[kustomization] = Manifests.Parse(await Kubectl.KustomizeAsync(Path.Combine(Directory, kustomization)));
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    public static TheoryData<string> All() => [.. Kustomizations];
}
