using Aspire.Hosting.Testing;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.AppHost.Publishing;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

/// <summary>The app model published once into a temporary folder, each kustomization built with kubectl.</summary>
public sealed class PublishedManifests : IAsyncLifetime
{
    public const string Tag = "1.2.3-test";
    public static readonly string[] Kustomizations = ["base", "overlays/local", "overlays/production"];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "flex-deploy-" + Guid.NewGuid().ToString("N"));

    /// <summary>The projects of the AppHost's own model, as the publisher reads them.</summary>
    public IReadOnlyList<PublishedProject> Projects { get; private set; } = [];

    public Dictionary<string, List<KubeObject>> Built { get; } = [];

    /// <summary>The AppHost's model, built by its own Program (nothing is started).</summary>
    public static async Task<IReadOnlyList<PublishedProject>> NewModelAsync(int replicas = 1)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--replicas={replicas}"]);
        return PublishedModel.From(builder.Resources, PlatformSettings.FindRepositoryRoot());
    }

    public async Task InitializeAsync()
    {
        Projects = await NewModelAsync();
        KubernetesPublisher.Publish(Projects, new PublishOptions(Directory, Tag));
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
