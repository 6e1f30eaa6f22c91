using System.Text.Json.Nodes;

namespace FlexPlatform.Gateway.Operations;

/// <summary>
/// Each service's own OpenAPI document, fetched over service discovery when the gateway starts and every minute
/// after, so a service's new or changed route reaches the gateway without a gateway change. A service that cannot
/// be reached keeps its last document; one never fetched is asked again every 2 s.
/// </summary>
public sealed class ServiceDocuments(IHttpClientFactory clients, ILogger<ServiceDocuments> logger) : BackgroundService
{
    public static readonly string[] Services = ["pledge", "coalition", "content", "engagement"];
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Missing = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Snapshot _current = new(new Dictionary<string, JsonObject>(), OperationTable.Empty);

    /// <summary>The documents fetched so far, by service.</summary>
    public IReadOnlyDictionary<string, JsonObject> Documents => _current.Documents;

    /// <summary>Every operation of every document fetched so far.</summary>
    public OperationTable Operations => _current.Operations;

    /// <summary>Completes once every service was asked once (answered or not): requests in the gateway's first moments wait for it.</summary>
    public Task FirstRound => _firstRound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var documents = new Dictionary<string, JsonObject>(_current.Documents, StringComparer.Ordinal);
            foreach (var (service, document) in await Task.WhenAll(Services.Select(service => FetchAsync(service, stoppingToken))))
            {
                if (document is not null)
                {
                    documents[service] = document;
                }
            }

            _current = new Snapshot(documents, OperationTable.From(documents.Values)); // each one was read on its own already
            _firstRound.TrySetResult();
            try
            {
                await Task.Delay(documents.Count == Services.Length ? Refresh : Missing, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Whether this service's description was ever fetched: until it is, the gateway cannot apply its rules.</summary>
    public bool Has(string service) => _current.Documents.ContainsKey(service);

    // Whatever goes wrong with one service's document (away, too slow, not a document the table can read) leaves
    // its last good one in place: it never stops the loop, and so never the gateway.
    private async Task<(string Service, JsonObject? Document)> FetchAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            var text = await clients.CreateClient(nameof(ServiceDocuments)).GetStringAsync($"http://{service}{OpenApiExtensions.DocumentPath}", cancellationToken);
            var document = JsonNode.Parse(text)?.AsObject() ?? throw new InvalidDataException("The document is empty.");
            OperationTable.From([document]); // readable as a whole, before it replaces the last good one
            return (service, document);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The API description of {Service} could not be fetched ({Reason}); {Fallback}", service, ex.GetType().Name,
                Has(service) ? "its last one stays in use" : "its routes answer 503 until it is");
            return (service, null);
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, JsonObject> Documents, OperationTable Operations);
}
