using System.Net;
using FlexPlatform.AppHost.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>The platform's HTTP clients (the web client's calls to the gateway, service to service) against a real Kestrel that fails.</summary>
public sealed class HttpResilienceTests : IAsyncLifetime
{
    private readonly Dictionary<string, int> _received = [];
    private WebApplication _server = null!;
    private ServiceProvider _clients = null!;

    [Fact]
    public async Task A_failed_post_is_sent_once_while_a_failed_get_is_retried()
    {
        var client = _clients.GetRequiredService<IHttpClientFactory>().CreateClient("peer");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/unavailable", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/unavailable")).StatusCode);

        Assert.Equal(1, Received("POST /unavailable"));
        Assert.True(Received("GET /unavailable") > 1, "a GET answered 503 is retried");
    }

    [Fact]
    public async Task A_client_someone_waits_on_retries_a_failed_get_once_and_never_a_post()
    {
        var client = _clients.GetRequiredService<IHttpClientFactory>().CreateClient("page");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/page-unavailable")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/page-unavailable", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited")).StatusCode);

        Assert.Equal(2, Received("GET /page-unavailable"));
        Assert.Equal(1, Received("POST /page-unavailable"));
        Assert.Equal(1, Received("GET /limited"));
    }

    [Fact]
    public async Task A_429_is_never_retried()
    {
        var client = _clients.GetRequiredService<IHttpClientFactory>().CreateClient("peer");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/limited")).StatusCode);

        Assert.Equal(1, Received("GET /limited"));
    }

    public async Task InitializeAsync()
    {
        var port = FreePort.Pick();
        _server = WebApplication.CreateSlimBuilder().Build();
        _server.Urls.Add($"http://127.0.0.1:{port}");
        _server.Run(context =>
        {
            lock (_received)
            {
                var key = $"{context.Request.Method} {context.Request.Path}";
                _received[key] = _received.GetValueOrDefault(key) + 1;
            }

            context.Response.StatusCode = context.Request.Path == "/limited" ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await _server.StartAsync();

        var services = new ServiceCollection();
        services.AddHttpClient("peer", c => c.BaseAddress = new Uri($"http://127.0.0.1:{port}")).AddPlatformResilience();
        services.AddHttpClient("page", c => c.BaseAddress = new Uri($"http://127.0.0.1:{port}")).AddInteractiveResilience();
        _clients = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _clients.DisposeAsync();
        await _server.DisposeAsync();
    }

    private int Received(string key)
    {
        lock (_received)
        {
            return _received.GetValueOrDefault(key);
        }
    }
}
