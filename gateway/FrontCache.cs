using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FlexPlatform.Gateway;

/// <summary>
/// The hottest public reads (the live count on every page, the home page) answered before anything else runs. A
/// response the pipeline served as <c>public</c> with a <c>max-age</c>, to a plain request (GET, no query string,
/// no credentials, cookies or origin), complete and fresh from the service (not a copy the output cache had already
/// aged), is kept for its max-age and at most a second, as the output cache keeps it, keyed by host and path. The
/// same plain request is then answered from memory before routing, CORS, authentication, the operation rules and the
/// rate limiter, and is not traced (a copy has nothing to trace).
/// Everything else, and every miss, takes the whole pipeline, which alone decides what is public.
/// </summary>
public sealed class FrontCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    // Paths the pipeline chose to answer publicly; bounded so that many distinct pages cannot grow it without end.
    public const int MaxEntries = 512;
    public const int MaxBodyBytes = 256 * 1024;

    // Per request or per connection, never replayed.
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Age, HeaderNames.SetCookie, HeaderNames.Server, HeaderNames.TransferEncoding,
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TraceParent, HeaderNames.TraceState, HeaderNames.RequestId,
        "X-Request-Id", HeaderNames.RetryAfter,
    };

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public long Now => clock.GetTimestamp();

    /// <summary>A request whose answer the pipeline never varies by caller: no credentials, cookies, origin or query.</summary>
    public static bool IsPlain(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.QueryString.HasValue
        && !request.Headers.ContainsKey(HeaderNames.Authorization)
        && !request.Headers.ContainsKey(HeaderNames.Cookie)
        && !request.Headers.ContainsKey(HeaderNames.Origin);

    /// <summary>
    /// A fresh copy for this request, if there is one. The first look (the tracing filter's, before the pipeline) is
    /// kept with the request, so a copy that expires a moment later is still the answer of a request left untraced.
    /// </summary>
    public bool TryGet(HttpContext context, out Entry entry)
    {
        if (context.Items.TryGetValue(typeof(FrontCache), out var chosen) && chosen is Entry held)
        {
            entry = held;
            return true;
        }

        if (IsPlain(context.Request) && _entries.TryGetValue(Key(context.Request), out entry!) && clock.GetTimestamp() < entry.ExpiresAt)
        {
            context.Items[typeof(FrontCache)] = entry;
            return true;
        }

        entry = null!;
        return false;
    }

    // The host too: a page that names its own address (without a configured one) differs by the host it was asked on.
    private static string Key(HttpRequest request) => $"{request.Host.Value}{request.Path.Value}";

    /// <summary>Whether the pipeline's answer says it may be kept: a public 200 with an age, the same for everyone.</summary>
    public static bool IsKeepable(HttpResponse response, out TimeSpan maxAge)
    {
        maxAge = default;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || response.Headers.ContainsKey(HeaderNames.Vary)
            || !CacheControlHeaderValue.TryParse(response.Headers.CacheControl.ToString(), out var cacheControl)
            || !cacheControl.Public || cacheControl.NoStore || cacheControl.NoCache || cacheControl.Private
            || cacheControl.MaxAge is not { } age)
        {
            return false;
        }

        maxAge = age;
        return true;
    }

    /// <summary>
    /// Keeps what the pipeline answered to a plain request, begun at <paramref name="startedAt"/>, when it said the
    /// answer is public and all of it was sent: a body cut short (the caller gone, the service failing mid-answer,
    /// which YARP reports without throwing) is never kept.
    /// </summary>
    public void Offer(HttpContext context, byte[] body, long startedAt)
    {
        var response = context.Response;
        if (!IsKeepable(response, out var maxAge)
            || context.RequestAborted.IsCancellationRequested
            || context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is not null
            || (response.ContentLength is { } length && length != body.Length)
            // A copy the output cache held already is up to a second older than its whole-second Age says.
            || response.Headers.ContainsKey(HeaderNames.Age))
        {
            return;
        }

        var key = Key(context.Request);
        var expiresAt = startedAt + (long)((maxAge < MaxAge ? maxAge : MaxAge).TotalSeconds * clock.TimestampFrequency);
        var now = clock.GetTimestamp();
        if (expiresAt <= now)
        {
            return;
        }

        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(key))
        {
            foreach (var (stale, entry) in _entries)
            {
                if (entry.ExpiresAt <= now)
                {
                    _entries.TryRemove(stale, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                return;
            }
        }

        var headers = response.Headers.Where(h => !NotKept.Contains(h.Key)).ToArray();
        // A slower, older answer never replaces a newer one.
        _entries.AddOrUpdate(key, new Entry(headers, body, expiresAt), (_, kept) => kept.ExpiresAt >= expiresAt ? kept : new Entry(headers, body, expiresAt));
    }

    public sealed record Entry(KeyValuePair<string, StringValues>[] Headers, byte[] Body, long ExpiresAt);
}

/// <summary>First in the gateway's pipeline: answers from <see cref="FrontCache"/>, or passes on and offers the answer.</summary>
public sealed class FrontCacheMiddleware(RequestDelegate next, FrontCache cache)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (cache.TryGet(context, out var entry))
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            foreach (var (name, value) in entry.Headers)
            {
                response.Headers[name] = value;
            }

            response.Headers.Age = "0";
            await response.Body.WriteAsync(entry.Body, context.RequestAborted);
            return;
        }

        if (!FrontCache.IsPlain(context.Request))
        {
            await next(context);
            return;
        }

        var startedAt = cache.Now;
        var original = context.Response.Body;
        await using var copy = new CopyingStream(original, FrontCache.MaxBodyBytes, context.Response);
        context.Response.Body = copy;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (copy.Complete is { } body)
        {
            cache.Offer(context, body, startedAt);
        }
    }

    /// <summary>
    /// Writes through to the response and keeps a copy up to a limit (past it, nothing is kept). Whether to keep
    /// anything is decided at the first write, when the headers are known: a stream or a private page is never copied.
    /// </summary>
    private sealed class CopyingStream(Stream inner, int limit, HttpResponse response) : Stream
    {
        private MemoryStream? _copy;
        private bool _decided;

        public byte[]? Complete => _decided ? _copy?.ToArray() : FrontCache.IsKeepable(response, out _) ? [] : null;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (!_decided)
            {
                _decided = true;
                _copy = FrontCache.IsKeepable(response, out _) ? new MemoryStream() : null;
            }

            if (_copy is null)
            {
                return;
            }

            if (_copy.Length + bytes.Length > limit)
            {
                _copy = null;
                return;
            }

            _copy.Write(bytes);
        }
    }
}
