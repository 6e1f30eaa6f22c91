using System.Net;
using System.Text.Json;

namespace FlexPlatform.Web.Api;

/// <summary>An answer from the public API: the value, or the problem details (title and field errors) to show beside the form.</summary>
public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, string? Title, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    internal static async Task<ApiResult<T>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                ? default
                : await response.Content.ReadFromJsonAsync<T>(ApiClient.Json, cancellationToken);
            return new(response.StatusCode, value, null, Empty);
        }

        try
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(ApiClient.Json, cancellationToken);
            return new(response.StatusCode, default, problem?.Title ?? Fallback(response.StatusCode), problem?.Errors ?? Empty);
        }
        catch (JsonException)
        {
            return new(response.StatusCode, default, Fallback(response.StatusCode), Empty);
        }
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    private static string Fallback(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => "Too many attempts from here; please wait a minute and try again.",
        HttpStatusCode.ServiceUnavailable => "This is briefly unavailable; please try again in a moment.",
        _ => "Something went wrong; please try again.",
    };

    private sealed record Problem(string? Title, Dictionary<string, string[]>? Errors);
}
