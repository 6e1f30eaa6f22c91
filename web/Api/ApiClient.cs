using System.Net.Http.Json;
using System.Text.Json;

namespace FlexPlatform.Web.Api;

/// <summary>
/// The gateway's public API, called exactly as a mobile client calls it. Reads that fail (a service
/// away, a route not there) give an empty section rather than a broken page.
/// </summary>
public sealed class ApiClient(HttpClient http, ILogger<ApiClient> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken) => ReadAsync<T>(path, cancellationToken);

    public async Task<ApiResult<T>> GetResultAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ApiResult<T>.ReadAsync(response, cancellationToken);
    }

    public async Task<ApiResult<T>> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, body, Json, cancellationToken);
            return await ApiResult<T>.ReadAsync(response, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("The API did not answer {Path}: {Reason}", path, ex.Message);
            return new ApiResult<T>(System.Net.HttpStatusCode.ServiceUnavailable, default, "This is briefly unavailable; please try again in a moment.", new Dictionary<string, string[]>());
        }
    }

    private async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) : default;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The API did not answer {Path}: {Reason}", path, ex.GetType().Name);
            return default;
        }
    }
}
