using System.Net;
using System.Text.Json;

namespace FlexPlatform.Web.Api;

/// <summary>An answer from the public API: the value, or the problem details (title and field errors) to show beside the form.</summary>
public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, string? Title, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    public bool Ok => (int)Status is >= 200 and < 300;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    internal static ApiResult<T> Answered(T value) => new(HttpStatusCode.OK, value, null, Empty);

    internal static ApiResult<T> Refused(HttpStatusCode status, string? title, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors) =>
        new(status, default, title ?? Fallback(status), errors?.ToDictionary(e => e.Key, e => e.Value.ToArray()) ?? Empty);

    /// <summary>From a refusal's status and body: RFC 9457 problem details when the body is one.</summary>
    internal static ApiResult<T> Refused(HttpStatusCode status, string? body)
    {
        Problem? problem = null;
        try
        {
            problem = string.IsNullOrEmpty(body) ? null : JsonSerializer.Deserialize<Problem>(body, Json);
        }
        catch (JsonException)
        {
        }

        return new(status, default, problem?.Title ?? Fallback(status), problem?.Errors ?? Empty);
    }

    private static string Fallback(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => "Too many attempts from here; please wait a minute and try again.",
        HttpStatusCode.ServiceUnavailable => "This is briefly unavailable; please try again in a moment.",
        _ => "Something went wrong; please try again.",
    };

    private sealed record Problem(string? Title, Dictionary<string, string[]>? Errors);
}
