using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FlexPlatform.Web.Api;

/// <summary>
/// The gateway's public API through <see cref="GatewayApi"/>, the client generated from its OpenAPI document, called
/// exactly as a mobile client calls it. Reads that fail (a service away, a thing not there) give an empty section
/// rather than a broken page; writes give the answer or the problem details to show beside the form.
/// </summary>
public sealed class ApiClient(GatewayApi gateway, ILogger<ApiClient> logger)
{
    // The generated client reads bodies after HttpClient's timeout has stopped counting (it returns at the headers):
    // the whole exchange is bounded here.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<T?> ReadAsync<T>(Func<GatewayApi, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            return await call(gateway, bounded.Token);
        }
        catch (ApiException ex) when (ex.StatusCode == StatusCodes.Status404NotFound)
        {
            return null;
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            logger.LogWarning("A read from the API failed: {Reason}", ex is ApiException api ? $"status {api.StatusCode}" : ex.GetType().Name);
            return null;
        }
    }

    /// <summary>A page of a paged list with its total, or null as <see cref="ReadAsync{T}"/> gives it.</summary>
    public async Task<ApiPage<T>?> ReadPageAsync<T>(Func<GatewayApi, CancellationToken, Task<IReadOnlyList<T>>> call, CancellationToken cancellationToken)
    {
        var total = new StrongBox<long?>();
        var items = await ReadAsync(async (g, ct) =>
        {
            GatewayApi.TotalCount.Value = total;
            return await call(g, ct);
        }, cancellationToken);
        // Every paged list says how many there are in all; one that does not is not read right.
        return items is not null && total.Value is { } all ? new ApiPage<T>(items, all) : null;
    }

    public async Task<ApiResult<T>> SendAsync<T>(Func<GatewayApi, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            return ApiResult<T>.Answered(await call(gateway, bounded.Token));
        }
        catch (ApiException<HttpValidationProblemDetails> ex)
        {
            // A refusal the document declares: the generated client has read its problem details already.
            return ApiResult<T>.Refused((HttpStatusCode)ex.StatusCode, ex.Result?.Title, ex.Result?.Errors);
        }
        catch (ApiException ex) when (ex.StatusCode is >= 400 and < 600)
        {
            return ApiResult<T>.Refused((HttpStatusCode)ex.StatusCode, ex.Response);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            // Unreachable, too slow, cut off mid-answer, or a success whose body does not match the contract.
            logger.LogWarning("The API did not answer usably: {Reason}", ex is ApiException api ? $"status {api.StatusCode}" : ex.GetType().Name);
            return ApiResult<T>.Refused(HttpStatusCode.ServiceUnavailable, null);
        }
    }

    /// <summary>A write whose answer has no body.</summary>
    public Task<ApiResult<bool>> SendAsync(Func<GatewayApi, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        SendAsync(async (api, ct) =>
        {
            try
            {
                await call(api, ct);
            }
            catch (ApiException ex) when (ex.StatusCode is >= 200 and < 300)
            {
                // The generated client throws for a documented success other than its first (publishing: 202 beside 204).
            }

            return true;
        }, cancellationToken);

    private static bool IsFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is ApiException or HttpRequestException or IOException or JsonException
        || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested;
}
