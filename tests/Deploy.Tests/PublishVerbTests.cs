using System.Reflection;
using FlexPlatform.AppHost.Publishing;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

public sealed class PublishVerbTests
{
    [Fact]
    public async Task The_publish_verb_of_the_AppHost_writes_manifests_that_kustomize_builds()
    {
        var output = Path.Combine(Path.GetTempPath(), "flex-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, stdout, stderr) = await Kubectl.RunAsync("dotnet", [AppHostAssembly(), "publish", "--output", output, "--tag", "verb"]);
            Assert.True(exit == 0, $"publish failed ({exit}):\n{stdout}\n{stderr}");
            var production = Manifests.Parse(await Kubectl.KustomizeAsync(Path.Combine(output, "overlays", "production")));
            Assert.Contains(production, o => o is { Kind: "Deployment", Name: "pledge" });
            Assert.True(File.Exists(Path.Combine(output, "README.md")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Publishing_twice_writes_the_same_bytes()
    {
        var first = Path.Combine(Path.GetTempPath(), "flex-publish-" + Guid.NewGuid().ToString("N"));
        var second = Path.Combine(Path.GetTempPath(), "flex-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = KubernetesPublisher.Publish(await PublishedManifests.NewModelAsync(), new PublishOptions(first));
            Assert.Equal(files, KubernetesPublisher.Publish(await PublishedManifests.NewModelAsync(), new PublishOptions(second)));
            Assert.All(files, f => Assert.Equal(File.ReadAllText(Path.Combine(first, f)), File.ReadAllText(Path.Combine(second, f))));
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    [Fact]
    public void Options_default_to_the_deploy_folder_and_the_latest_tag()
    {
        Assert.Equal(new PublishOptions("deploy", "latest"), PublishOptions.Parse([]));
        Assert.Equal(new PublishOptions("out", "2.0", "example.org"), PublishOptions.Parse(["--output", "out", "--tag", "2.0", "--host", "example.org"]));
    }

    private static string AppHostAssembly()
    {
        var configuration = typeof(PublishVerbTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(FlexPlatform.AppHost.Servers.PlatformSettings.FindRepositoryRoot(), "artifacts", "bin", "AppHost", configuration.ToLowerInvariant(), "FlexPlatform.AppHost.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first.");
        return path;
    }
}
