using Xunit;

namespace FlexPlatform.Deploy.Tests;

public sealed class SecretTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void Connection_strings_and_token_settings_come_from_secret_references(string kustomization)
    {
        var objects = published.Built[kustomization];
        foreach (var project in published.Projects)
        {
            var env = ManifestShapeTests.Environment(objects, project.Name);
            var secretSettings = env.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                || e.Key.StartsWith("Authentication__", StringComparison.Ordinal) || e.Key == "Hashing__Key").ToList();

            Assert.Equal(
                project.ConnectionReferences.Select(c => $"ConnectionStrings__{c.ConnectionName}").Order(),
                secretSettings.Select(e => e.Key).Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order());
            Assert.Contains("Authentication__Schemes__Bearer__SigningKeys__0__Value", env.Keys);
            // Every service that stores or counts people has the key of its keyed hashes (it refuses to start without it).
            Assert.Equal(project.ConnectionReferences.Count > 0, env.ContainsKey("Hashing__Key"));
            Assert.All(secretSettings, e =>
            {
                var reference = Assert.IsType<Dictionary<object, object>>(e.Value);
                Assert.NotNull(Manifests.At(reference, "secretKeyRef.name"));
                Assert.NotNull(Manifests.At(reference, "secretKeyRef.key"));
            });
        }
    }

    /// <summary>The staff console reads its identity provider from a Secret that may not exist: the pod starts without it.</summary>
    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void Only_the_staff_console_reads_the_optional_identity_provider_secret(string kustomization)
    {
        var objects = published.Built[kustomization];
        foreach (var project in published.Projects)
        {
            var env = ManifestShapeTests.Environment(objects, project.Name);
            var provider = env.Where(e => e.Key.StartsWith("Staff__OpenIdConnect__", StringComparison.Ordinal)).ToList();
            if (project.Name != "web")
            {
                Assert.Empty(provider);
                continue;
            }

            Assert.Equal(["Staff__OpenIdConnect__Authority", "Staff__OpenIdConnect__ClientId", "Staff__OpenIdConnect__ClientSecret", "Staff__OpenIdConnect__DisplayName"], provider.Select(e => e.Key).Order());
            Assert.All(provider, e =>
            {
                var reference = Assert.IsType<Dictionary<object, object>>(e.Value);
                Assert.Equal("staff-identity-provider", Manifests.At(reference, "secretKeyRef.name"));
                Assert.Equal("true", Manifests.At(reference, "secretKeyRef.optional")?.ToString()?.ToLowerInvariant());
            });
        }
    }

    [Theory]
    [MemberData(nameof(PublishedManifests.All), MemberType = typeof(PublishedManifests))]
    public void No_secret_value_is_written_out(string kustomization)
    {
        var objects = published.Built[kustomization];
        Assert.All(objects.Where(o => o.Kind == "Secret"), s =>
        {
            Assert.Null(s["data"]);
            Assert.Null(s["stringData"]);
        });

        // Nothing that looks like a credential in any plain value either.
        var values = objects.SelectMany(o => Strings(o.Root)).ToList();
        Assert.DoesNotContain(values, v => v.Contains("Password=", StringComparison.OrdinalIgnoreCase)
            || v.Contains("amqp://", StringComparison.OrdinalIgnoreCase)
            || v.Contains("guest", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Published_files_hold_no_secret_object_at_all()
    {
        var manifests = Directory.EnumerateFiles(published.Directory, "*.yaml", SearchOption.AllDirectories);
        Assert.All(manifests, file => Assert.DoesNotContain(Manifests.Parse(File.ReadAllText(file)), o => o.Kind == "Secret"));
    }

    private static IEnumerable<string> Strings(object? node) => node switch
    {
        string s => [s],
        Dictionary<object, object> map => map.Values.SelectMany(Strings),
        List<object> list => list.SelectMany(Strings),
        _ => [],
    };
}
