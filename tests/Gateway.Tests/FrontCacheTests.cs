using System.Text;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace FlexPlatform.Gateway.Tests;

/// <summary>The front cache keeps only what the pipeline answered publicly to a plain request, and not past its age.</summary>
public sealed class FrontCacheTests
{
    private readonly ManualClock _clock = new();
    private readonly FrontCache _cache;
    private int _pipelineCalls;

    public FrontCacheTests() => _cache = new FrontCache(_clock);

    [Fact]
    public async Task A_public_answer_to_a_plain_request_is_given_again_from_memory_with_its_headers_until_it_is_a_second_old()
    {
        var first = await SendAsync("/api/pledges/count", Answer("{\"total\":1}", "public, max-age=5"));
        var second = await SendAsync("/api/pledges/count", Answer("{\"total\":2}", "public, max-age=5"));
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var third = await SendAsync("/api/pledges/count", Answer("{\"total\":3}", "public, max-age=5"));
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        var fourth = await SendAsync("/api/pledges/count", Answer("{\"total\":4}", "public, max-age=5"));

        Assert.Equal(["{\"total\":1}", "{\"total\":1}", "{\"total\":1}", "{\"total\":4}"], new[] { first.Body, second.Body, third.Body, fourth.Body });
        Assert.Equal(2, _pipelineCalls);
        Assert.Equal("application/json; charset=utf-8", second.Headers.ContentType.ToString());
        Assert.Equal("public, max-age=5", second.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", second.Headers["X-Content-Type-Options"].ToString());
        Assert.Equal("0", second.Headers.Age.ToString());
        Assert.False(second.Headers.ContainsKey("Date"));
    }

    [Fact]
    public async Task A_shorter_max_age_shortens_its_stay_and_a_copy_the_output_cache_had_aged_is_not_kept()
    {
        await SendAsync("/short", Answer("a", "public, max-age=0"));
        await SendAsync("/short", Answer("b", "public, max-age=0"));
        await SendAsync("/aged", Answer("a", "public, max-age=5", age: "0"));
        var aged = await SendAsync("/aged", Answer("b", "public, max-age=5", age: "0"));

        Assert.Equal("b", aged.Body);
        Assert.Equal(4, _pipelineCalls);
    }

    [Fact]
    public async Task An_answer_cut_short_or_to_a_caller_who_left_is_not_kept()
    {
        await SendAsync("/cut", Answer("{\"total\":", "public, max-age=1", contentLength: 12));
        var cut = await SendAsync("/cut", Answer("{\"total\":2}", "public, max-age=1", contentLength: 11));
        await SendAsync("/left", Answer("a", "public, max-age=1"), aborted: true);
        var left = await SendAsync("/left", Answer("b", "public, max-age=1"));

        Assert.Equal("{\"total\":2}", cut.Body);
        Assert.Equal("b", left.Body);
        Assert.Equal(4, _pipelineCalls);
    }

    [Fact]
    public async Task Each_host_has_its_own_copies_and_a_full_cache_makes_room_only_from_expired_ones()
    {
        await SendAsync("/", Answer("one", "public, max-age=1"), host: "one.example");
        var other = await SendAsync("/", Answer("two", "public, max-age=1"), host: "two.example");
        for (var i = 2; i < FrontCache.MaxEntries; i++)
        {
            await SendAsync($"/page/{i}", Answer("p", "public, max-age=1"));
        }

        await SendAsync("/late", Answer("a", "public, max-age=1"));
        var full = await SendAsync("/late", Answer("b", "public, max-age=1"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SendAsync("/late", Answer("c", "public, max-age=1"));
        var roomMade = await SendAsync("/late", Answer("d", "public, max-age=1"));

        Assert.Equal("two", other.Body);
        Assert.Equal("b", full.Body);
        Assert.Equal("c", roomMade.Body);
    }

    [Theory]
    [InlineData("private, max-age=5", null)]
    [InlineData("no-store", null)]
    [InlineData("public, no-cache, max-age=5", null)]
    [InlineData("public", null)]
    [InlineData("public, max-age=5", "Set-Cookie")]
    [InlineData("public, max-age=5", "Vary")]
    public async Task An_answer_that_is_not_public_or_varies_is_never_kept(string cacheControl, string? header)
    {
        await SendAsync("/page", Answer("a", cacheControl, extra: header));
        var again = await SendAsync("/page", Answer("b", cacheControl, extra: header));

        Assert.Equal("b", again.Body);
        Assert.Equal(2, _pipelineCalls);
    }

    [Theory]
    [InlineData("POST", "", null)]
    [InlineData("GET", "?page=2", null)]
    [InlineData("GET", "", "Authorization")]
    [InlineData("GET", "", "Cookie")]
    [InlineData("GET", "", "Origin")]
    public async Task A_request_that_is_not_plain_takes_the_whole_pipeline_and_leaves_nothing_behind(string method, string query, string? header)
    {
        await SendAsync("/api/pledges/count", Answer("a", "public, max-age=5"), method, query, header);
        var plain = await SendAsync("/api/pledges/count", Answer("b", "public, max-age=5"));
        var again = await SendAsync("/api/pledges/count", Answer("c", "public, max-age=5"), method, query, header);

        Assert.Equal("b", plain.Body);
        Assert.Equal("c", again.Body);
        Assert.Equal(3, _pipelineCalls);
    }

    [Fact]
    public async Task A_large_answer_or_a_failure_is_passed_on_whole_and_not_kept()
    {
        var large = new string('x', FrontCache.MaxBodyBytes + 1);
        var first = await SendAsync("/large", Answer(large, "public, max-age=5"));
        await SendAsync("/large", Answer(large, "public, max-age=5"));
        await SendAsync("/missing", Answer("{}", "public, max-age=5", status: 404));
        await SendAsync("/missing", Answer("{}", "public, max-age=5", status: 404));

        Assert.Equal(large, first.Body);
        Assert.Equal(4, _pipelineCalls);
    }

    private RequestDelegate Answer(string body, string cacheControl, string? age = null, string? extra = null, int status = 200, long? contentLength = null) => async context =>
    {
        _pipelineCalls++;
        context.Response.StatusCode = status;
        context.Response.ContentLength = contentLength;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = cacheControl;
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        context.Response.Headers.Date = "Sat, 05 Dec 2026 21:00:00 GMT";
        if (age is not null)
        {
            context.Response.Headers.Age = age;
        }

        if (extra is not null)
        {
            context.Response.Headers[extra] = extra == "Vary" ? "Accept-Language" : "session=1";
        }

        await context.Response.WriteAsync(body);
    };

    private async Task<(string Body, IHeaderDictionary Headers)> SendAsync(
        string path, RequestDelegate pipeline, string method = "GET", string query = "", string? header = null, string host = "flex.example", bool aborted = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        if (aborted)
        {
            context.RequestAborted = new CancellationToken(canceled: true);
        }

        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (header is not null)
        {
            context.Request.Headers[header] = "x";
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        await new FrontCacheMiddleware(pipeline, _cache).InvokeAsync(context);
        return (Encoding.UTF8.GetString(body.ToArray()), context.Response.Headers);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
