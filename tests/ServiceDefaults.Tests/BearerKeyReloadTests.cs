using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>A signing key added to the configuration while a service runs (as `dotnet user-jwts create` adds its first) is taken without a restart.</summary>
public sealed class BearerKeyReloadTests
{
    [Fact]
    public void A_signing_key_written_after_start_is_accepted_without_a_restart()
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["StaffAuth:Key"] = Convert.ToBase64String(new byte[32]),
            ["Authentication:Schemes:Bearer:ValidIssuer"] = "dotnet-user-jwts",
        };
        var source = new ReloadableSource(settings);
        ((IConfigurationBuilder)builder.Configuration).Add(source);
        builder.AddServiceAuthentication();
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();
        var before = options.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters.IssuerSigningKeys.Count();

        source.Change("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", "dotnet-user-jwts");
        source.Change("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));

        var after = options.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters.IssuerSigningKeys.Count();
        Assert.Equal(before + 1, after);
    }

    // A configuration source whose values change at run time, as a watched user-secrets file's do.
    private sealed class ReloadableSource(Dictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
    {
        public override void Load() => Data = new Dictionary<string, string?>(initial, StringComparer.OrdinalIgnoreCase);

        public void Change(string key, string value)
        {
            Data[key] = value;
            OnReload();
        }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
    }
}
