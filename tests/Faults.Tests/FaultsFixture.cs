using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Faults.Tests;

/// <summary>The whole platform, for faults injected under load.</summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
