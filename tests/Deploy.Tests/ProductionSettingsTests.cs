using System.Text.Json;
using FlexPlatform.AppHost.Servers;
using Xunit;

namespace FlexPlatform.Deploy.Tests;

/// <summary>What a deployment gets from the settings baked into the images, before its own configuration.</summary>
public sealed class ProductionSettingsTests
{
    [Fact]
    public void The_gateway_allows_no_cross_origin_browser_client_unless_configured()
    {
        var gateway = Path.Combine(PlatformSettings.FindRepositoryRoot(), "gateway");
        using var production = JsonDocument.Parse(File.ReadAllText(Path.Combine(gateway, "appsettings.json")));
        using var development = JsonDocument.Parse(File.ReadAllText(Path.Combine(gateway, "appsettings.Development.json")));

        Assert.False(production.RootElement.GetProperty("Gateway").TryGetProperty("AllowedOrigins", out _));
        Assert.Contains("localhost", development.RootElement.GetProperty("Gateway").GetProperty("AllowedOrigins")[0].GetString(), StringComparison.Ordinal);
    }
}
