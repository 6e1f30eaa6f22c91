using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Faults.Tests;

/// <summary>The whole platform, for faults injected under load.</summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    // A batch of mail claimed by a process that was killed comes back after its lease: 15 s here, not 5 minutes.
    // Consumers retry a database that is away up to every 5 s here, not 15 s, so an outage reaches the cap sooner.
    public PlatformFixture Platform { get; } = new()
    {
        Configure = builder =>
        {
            builder.CreateResourceBuilder<ProjectResource>("pledge").WithEnvironment("Mail__Lease", "00:00:15");
            builder.CreateResourceBuilder<ProjectResource>("engagement").WithEnvironment("Messaging__MaxTransientRetryInterval", "00:00:05");
        },
    };

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
