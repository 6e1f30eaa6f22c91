using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.EndToEnd.Tests;

/// <summary>The AppHost's dashboard receives every service's traces, logs and metrics over OTLP.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardTelemetryTests(PlatformFixture platform)
{
    private static readonly TimeSpan Export = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_pledge_journey_is_one_trace_from_the_gateway_through_grpc_postgres_redis_and_the_outbox_to_every_consumer()
    {
        var member = await platform.ApproveNewMemberAsync($"Traced Works {Guid.NewGuid():N}"[..24]);
        var email = Pledges.NewEmail("traced");
        var body = Pledges.Valid(email);
        body["organizationCode"] = member.Code;

        // The client carries one W3C trace across its requests, as an instrumented web or mobile client does.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var submit = Traced(HttpMethod.Post, "/api/pledges", body, traceId))
        {
            (await platform.Gateway.SendAsync(submit)).EnsureSuccessStatusCode();
        }

        using (var confirm = Traced(HttpMethod.Post, "/api/pledges/confirm", new { token = await platform.ConfirmationTokenForAsync(email) }, traceId))
        {
            (await platform.Gateway.SendAsync(confirm)).EnsureSuccessStatusCode();
        }

        bool Has(List<JsonElement> spans, string service, Func<JsonElement, bool> what) =>
            spans.Any(s => s.GetProperty("service").GetString() == service && what(s));
        bool Kind(JsonElement span, string kind) => span.GetProperty("kind").GetString() == kind;
        bool Attribute(JsonElement span, string name, string value) =>
            span.GetProperty("attributes").TryGetProperty(name, out var a) && a.GetString() == value;
        bool Named(JsonElement span, string text) => span.GetProperty("name").GetString()!.Contains(text, StringComparison.Ordinal);
        var expected = new (string What, Func<List<JsonElement>, bool> Found)[]
        {
            ("gateway server span", s => Has(s, "gateway", x => Kind(x, "Server"))),
            ("gateway proxying to pledge", s => Has(s, "gateway", x => Kind(x, "Client"))),
            ("pledge server span", s => Has(s, "pledge", x => Kind(x, "Server") && Named(x, "/api/pledges"))),
            ("pledge's gRPC call", s => Has(s, "pledge", x => Kind(x, "Client") && Attribute(x, "grpc.method", "/flex.coalition.v1.Members/ResolveCode"))),
            ("coalition's gRPC server span", s => Has(s, "coalition", x => Kind(x, "Server") && Named(x, "ResolveCode"))),
            ("pledge's PostgreSQL calls", s => Has(s, "pledge", x => Attribute(x, "db.system.name", "postgresql"))),
            ("pledge's Redis calls", s => Has(s, "pledge", x => Attribute(x, "db.system.name", "redis"))),
            ("the outbox relay", s => Has(s, "pledge", x => Named(x, "outbox relay PledgeConfirmed"))),
            ("the publish to RabbitMQ", s => Has(s, "pledge", x => Kind(x, "Producer"))),
            ("engagement's consumer", s => Has(s, "engagement", x => Kind(x, "Consumer"))),
            ("engagement's PostgreSQL calls", s => Has(s, "engagement", x => Attribute(x, "db.system.name", "postgresql"))),
            ("coalition's consumer", s => Has(s, "coalition", x => Kind(x, "Consumer"))),
            ("coalition's PostgreSQL calls", s => Has(s, "coalition", x => Attribute(x, "db.system.name", "postgresql"))),
        };

        var trace = await PlatformFixture.EventuallyAsync(() => TraceAsync(traceId), s => expected.All(e => e.Found(s)), Export);
        var missing = expected.Where(e => !e.Found(trace)).Select(e => e.What).ToList();
        Assert.True(missing.Count == 0, $"Missing {string.Join(", ", missing)} among:\n{string.Join("\n", trace.Select(s => $"{s.GetProperty("service")} {s.GetProperty("kind")} {s.GetProperty("name")} {s.GetProperty("attributes")}"))}");
        Assert.All(trace, span => Assert.Equal(traceId, span.GetProperty("traceId").GetString()));

        // The list finds it by service and route; its logs carry its trace id.
        var listed = await platform.Dashboard.GetFromJsonAsync<List<JsonElement>>("/api/traces?service=coalition&route=/api/pledges&limit=1000");
        var summary = Assert.Single(listed!, t => t.GetProperty("traceId").GetString() == traceId);
        Assert.Equal(trace.Count, summary.GetProperty("spanCount").GetInt32());
        Assert.Equal(["coalition", "engagement", "gateway", "pledge"], summary.GetProperty("services").EnumerateArray().Select(s => s.GetString()));

        var logs = await PlatformFixture.EventuallyAsync(
            () => ListAsync($"/api/logs?traceId={traceId}"),
            l => l.Any(x => x.GetProperty("resource").GetString() == "engagement") && l.Any(x => x.GetProperty("resource").GetString() == "pledge"),
            Export);
        Assert.Contains(logs, l => l.GetProperty("resource").GetString() == "engagement" && l.GetProperty("message").GetString()!.Contains("handled message", StringComparison.Ordinal));
        Assert.All(logs, l => Assert.Equal(traceId, l.GetProperty("traceId").GetString()));
        Assert.DoesNotContain(logs, l => JsonSerializer.Serialize(l).Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Metrics_show_gateway_request_durations_consume_lag_outbox_backlog_open_streams_and_the_public_total()
    {
        var supporter = await platform.ConfirmNewSupporterAsync(Pledges.NewEmail("metered"));
        // At Pledge itself: the gateway caps streams per client, and other tests may hold some.
        using var stream = await platform.Pledge.GetAsync("/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();

        var expected = new (string Resource, string Name, Func<JsonElement, bool> Holds)[]
        {
            ("gateway", "http.server.request.duration", m => m.GetProperty("count").GetInt64() > 0),
            ("pledge", "http.server.request.duration", m => m.GetProperty("count").GetInt64() > 0),
            ("engagement", "flex.messaging.consume.lag", m => m.GetProperty("count").GetInt64() > 0),
            ("pledge", "flex.outbox.backlog", m => m.GetProperty("value").GetDouble() >= 0),
            ("pledge", "flex.live.streams", m => m.GetProperty("value").GetDouble() >= 1),
            ("pledge", "flex.pledge.total", m => m.GetProperty("value").GetDouble() >= 1),
        };
        bool Found(List<JsonElement> metrics, (string Resource, string Name, Func<JsonElement, bool> Holds) e) => metrics.Any(m =>
            m.GetProperty("resource").GetString() == e.Resource && m.GetProperty("name").GetString() == e.Name && e.Holds(m));

        var metrics = await PlatformFixture.EventuallyAsync(
            () => ListAsync("/api/metrics"), m => expected.All(e => Found(m, e)), Export);
        Assert.Empty(expected.Where(e => !Found(metrics, e)).Select(e => $"{e.Resource} {e.Name}"));

        // The recent points of one metric, per series: the gateway's routes with their counts and latencies.
        var series = await platform.Dashboard.GetFromJsonAsync<List<JsonElement>>("/api/metrics/http.server.request.duration?resource=gateway");
        Assert.Contains(series!, s => s.GetProperty("attributes").GetString()!.Contains("http.route=", StringComparison.Ordinal)
            && s.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("count").GetInt64() > 0 && p.GetProperty("sum").GetDouble() > 0));
        Assert.NotEqual(Guid.Empty, supporter.SupporterId);
    }

    private static HttpRequestMessage Traced(HttpMethod method, string path, object body, string traceId) => new(method, path)
    {
        Content = JsonContent.Create(body),
        Headers = { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } },
    };

    private async Task<List<JsonElement>> ListAsync(string path) => (await platform.Dashboard.GetFromJsonAsync<List<JsonElement>>(path))!;

    private async Task<List<JsonElement>> TraceAsync(string traceId)
    {
        using var response = await platform.Dashboard.GetAsync($"/api/traces/{traceId}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<List<JsonElement>>())! : [];
    }
}
