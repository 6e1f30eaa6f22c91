using System.Net;
using System.Text;
using FlexPlatform.Web.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>
/// How the site takes the API's answers through the generated client: what a page shows when an answer is a refusal,
/// missing, broken off or not what the contract says. The gateway is stood in for by fixed answers, since these are
/// answers a healthy platform never gives on demand.
/// </summary>
public sealed class ApiClientTests
{
    [Fact]
    public async Task A_refusal_brings_its_title_and_each_fields_error()
    {
        var api = Answering(HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred.","status":400,"errors":{"token":["token is required."]}}""");

        var result = await api.SendAsync((gateway, ct) => gateway.Pledge_ConfirmAsync(new TokenRequest(), ct), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("token is required.", result.ErrorFor("token"));
    }

    [Fact]
    public async Task A_success_whose_body_breaks_the_contract_is_unavailable_not_an_empty_success()
    {
        var api = Answering(HttpStatusCode.OK, "null");

        var result = await api.SendAsync((gateway, ct) => gateway.Pledge_ConfirmAsync(new TokenRequest { Token = "t" }, ct), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, result.Status);
    }

    [Fact]
    public async Task A_read_of_something_not_there_is_nothing()
    {
        var api = Answering(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""");

        Assert.Null(await api.ReadAsync((gateway, ct) => gateway.Events_GetAsync("no-such-event", ct), CancellationToken.None));
    }

    [Fact]
    public async Task An_answer_cut_off_midway_empties_a_read_and_is_unavailable_to_a_write()
    {
        var api = new ApiClient(Gateway(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BrokenStream()) }), NullLogger<ApiClient>.Instance);

        Assert.Null(await api.ReadAsync((gateway, ct) => gateway.Reads_GetCountAsync(ct), CancellationToken.None));
        var sent = await api.SendAsync((gateway, ct) => gateway.Pledge_ConfirmAsync(new TokenRequest { Token = "t" }, ct), CancellationToken.None);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sent.Status);
    }

    private static ApiClient Answering(HttpStatusCode status, string json) =>
        new(Gateway(_ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") }), NullLogger<ApiClient>.Instance);

    private static GatewayApi Gateway(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(new HttpClient(new Fixed(answer)) { BaseAddress = new Uri("http://gateway") });

    private sealed class Fixed(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    /// <summary>A body whose connection drops after the headers.</summary>
    private sealed class BrokenStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("The connection was reset.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("The connection was reset."));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("The connection was reset."));
    }
}
