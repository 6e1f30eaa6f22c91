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
        http.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            var transient = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = args =>
                args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests ? ValueTask.FromResult(false) : transient(args);
        });
        return http;
    }
}
