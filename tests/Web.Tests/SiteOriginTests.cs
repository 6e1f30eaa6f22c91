using FlexPlatform.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>Which address share links and previews carry: the configured public one, else the request's.</summary>
public sealed class SiteOriginTests
{
    [Fact]
    public void Behind_a_tls_ending_ingress_links_carry_the_configured_https_address()
    {
        var request = Request("https://movement.example/");

        Assert.Equal("https://movement.example", SiteOrigin.Of(request));
    }

    [Fact]
    public void Without_a_configured_address_links_carry_the_requests_own()
    {
        var request = Request(null);

        Assert.Equal("http://localhost:41234", SiteOrigin.Of(request));
    }

    private static DefaultHttpContext Request(string? publicBaseUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mail:PublicBaseUrl"] = publicBaseUrl }).Build();
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<IConfiguration>(configuration).BuildServiceProvider() };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 41234);
        return context;
    }
}
