using System.Net;
using FlexPlatform.Gateway.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace FlexPlatform.Gateway.Tests;

/// <summary>
/// A service that is away, answers an error or serves a document the table cannot read never stops the gateway's
/// refresh loop; the gateway refuses the routes of a service it has no description of instead of passing them on unchecked.
/// </summary>
public sealed class ServiceDocumentsTests
{
    private const string Pledge = """{ "paths": { "/api/pledges": { "post": { "x-max-body-bytes": 16384 } } } }""";
    private const string Unreadable = """{ "paths": { "/api/content/posts": { "post": { "x-max-body-bytes": "a lot" } } } }""";

    [Fact]
    public async Task Bad_documents_are_left_out_and_the_loop_goes_on()
    {
        using var documents = new ServiceDocuments(new Answers(new()
        {
            ["pledge"] = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Pledge) },
            ["coalition"] = _ => throw new HttpRequestException("Connection refused"),
            ["content"] = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Unreadable) },
            ["engagement"] = _ => throw new TaskCanceledException("The attempt timed out", new TimeoutException()),
        }), NullLogger<ServiceDocuments>.Instance);

        await documents.StartAsync(CancellationToken.None);
        await documents.FirstRound.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(documents.Has("pledge"));
        Assert.False(documents.Has("coalition"));
        Assert.False(documents.Has("content"));
        Assert.False(documents.Has("engagement"));
        Assert.Equal(16384, documents.Operations.Find("POST", new PathString("/api/pledges"))?.MaxBodyBytes);
        Assert.False(documents.ExecuteTask!.IsCompleted);
        await documents.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_route_of_a_service_never_described_is_refused_and_one_described_is_not()
    {
        using var documents = new ServiceDocuments(new Answers(new()
        {
            ["pledge"] = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Pledge) },
        }), NullLogger<ServiceDocuments>.Instance);
        await documents.StartAsync(CancellationToken.None);
        await documents.FirstRound.WaitAsync(TimeSpan.FromSeconds(10));
        var rules = new OperationRules(documents);

        Assert.Equal("content", rules.UndescribedService(RequestOn("content")));
        Assert.Null(rules.UndescribedService(RequestOn("pledge")));
        Assert.Null(rules.UndescribedService(new DefaultHttpContext())); // a web page: no service describes it
        await documents.StopAsync(CancellationToken.None);
    }

    private static DefaultHttpContext RequestOn(string service)
    {
        var route = new RouteModel(
            new RouteConfig { RouteId = service, ClusterId = service, Metadata = new Dictionary<string, string> { [OperationRules.DescribedByMetadata] = service } },
            cluster: null, HttpTransformer.Default);
        var context = new DefaultHttpContext();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(route), service));
        return context;
    }

    // Each service's answer to "GET http://{service}/openapi/v1.json"; a service not listed is away.
    private sealed class Answers(Dictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> services) : DelegatingHandler, IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            services.TryGetValue(request.RequestUri!.Host, out var answer)
                ? Task.FromResult(answer(request))
                : throw new HttpRequestException("Connection refused");
    }
}
