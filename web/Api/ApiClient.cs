using System.Net;
using System.Text.Json;

namespace FlexPlatform.Web.Api;

/// <summary>
/// The gateway's public API through <see cref="GatewayApi"/>, the client generated from its OpenAPI document, called
/// exactly as a mobile client calls it. Reads that fail (a service away, a thing not there) give an empty section
/// rather than a broken page; writes give the answer or the problem details to show beside the form.
/// </summary>
public sealed class ApiClient(GatewayApi gateway, ILogger<ApiClient> logger)
{
    public async Task<T?> ReadAsync<T>(Func<GatewayApi, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call(gateway, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("A read from the API failed: {Reason}", ex is ApiException api ? $"status {api.StatusCode}" : ex.GetType().Name);
            return null;
        }
    }

    public async Task<ApiResult<T>> SendAsync<T>(Func<GatewayApi, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return ApiResult<T>.Answered(await call(gateway, cancellationToken));
        }
        catch (ApiException<HttpValidationProblemDetails> ex)
        {
            // A refusal the document declares: the generated client has read its problem details already.
            return ApiResult<T>.Refused((HttpStatusCode)ex.StatusCode, ex.Result.Title, ex.Result.Errors);
        }
        catch (ApiException ex)
        {
            return ApiResult<T>.Refused((HttpStatusCode)ex.StatusCode, ex.Response);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The API did not answer: {Reason}", ex.Message);
            return ApiResult<T>.Refused(HttpStatusCode.ServiceUnavailable, null);
        }
    }

    /// <summary>A write whose answer has no body.</summary>
    public Task<ApiResult<bool>> SendAsync(Func<GatewayApi, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        SendAsync(async (api, ct) =>
        {
            await call(api, ct);
            return true;
        }, cancellationToken);
}
