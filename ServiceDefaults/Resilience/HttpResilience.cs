using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.Hosting;

public static class HttpResilience
{
    /// <summary>
    /// The standard resilience handler (timeouts, circuit breaker, retries), retrying only what is safe to repeat:
    /// a POST the server may have acted on is never sent twice (a duplicate comment, RSVP or mail), and a 429 is
    /// the caller's own limit, not a fault to retry into.
    /// </summary>
    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder http)
    {
        http.AddStandardResilienceHandler(SafeRetries);
        return http;
    }

    /// <summary>
    /// For a person waiting at a page (the staff console): the same rules with one quick retry, so a service that is
    /// away is said to be away within a second instead of after the standard retries' backoff (about ten seconds).
    /// </summary>
    public static IHttpClientBuilder AddInteractiveResilience(this IHttpClientBuilder http)
    {
        http.AddStandardResilienceHandler(options =>
        {
            SafeRetries(options);
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(250);
            options.Retry.BackoffType = Polly.DelayBackoffType.Constant;
        });
        return http;
    }

    private static void SafeRetries(HttpStandardResilienceOptions options)
    {
        options.Retry.DisableForUnsafeHttpMethods();
        var transient = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = args =>
            args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests ? ValueTask.FromResult(false) : transient(args);
    }
}
