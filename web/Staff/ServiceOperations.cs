using System.Net.Http.Json;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Operations;

namespace FlexPlatform.Web.Staff;

/// <summary>One service's operations state; null when it could not be asked.</summary>
public sealed record ServiceState(string Service, OperationsState? State);

/// <summary>
/// The services' operations routes (<c>/admin/…</c>), called as the signed-in admin. They are not on the gateway
/// (nothing outside the cluster reaches them), so the console calls each service directly, over discovery; a service
/// with replicas is asked once, as what it counts lives in its database and broker, not in a replica.
/// </summary>
public sealed class ServiceOperations(IHttpClientFactory http, MailQueue ownMail, ILogger<ServiceOperations> logger)
{
    public const string Client = "staff-operations";

    public static readonly IReadOnlyList<string> Services = ["pledge", "coalition", "content", "engagement"];

    /// <summary>Every service's state, and the console's own mail (its sign-in links, which expire: never replayed) as "web".</summary>
    public async Task<IReadOnlyList<ServiceState>> StateAsync(CancellationToken cancellationToken)
    {
        var asked = await Task.WhenAll(Services.Select(async service => new ServiceState(service, await AskAsync(service, cancellationToken))));
        return [.. asked, new ServiceState("web", await OwnMailAsync(cancellationToken))];
    }

    /// <summary>Queues a service's dead mail again; answers how many, or null if it refused or could not be asked.</summary>
    public async Task<long?> ReplayMailAsync(string service, CancellationToken cancellationToken) =>
        (await PostAsync<MailReplayed>(service, "/admin/mail/dead/replay", cancellationToken))?.Replayed;

    /// <summary>Moves an error queue's parked messages back to their consumer; answers how many, or null.</summary>
    public async Task<long?> ReplayErrorsAsync(string service, string queue, CancellationToken cancellationToken) =>
        (await PostAsync<ReplayResponse>(service, $"/admin/messaging/errors/{Uri.EscapeDataString(queue)}/replay", cancellationToken))?.Replayed;

    private async Task<OperationsState?> OwnMailAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new OperationsState(null, null, await ownMail.CountAsync(cancellationToken), null);
        }
        catch (Exception ex) when (Microsoft.Extensions.Hosting.TransientFailures.Is(ex))
        {
            logger.LogWarning(ex, "The console's own mail could not be counted");
            return null;
        }
    }

    private async Task<OperationsState?> AskAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            return await http.CreateClient(Client).GetFromJsonAsync<OperationsState>($"http://{service}/admin/state", cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The operations state of {Service} could not be read", service);
            return null;
        }
    }

    private async Task<T?> PostAsync<T>(string service, string path, CancellationToken cancellationToken) where T : class
    {
        if (!Services.Contains(service))
        {
            return null;
        }

        try
        {
            using var response = await http.CreateClient(Client).PostAsync($"http://{service}{path}", null, cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>(cancellationToken) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Path} on {Service} could not be called", path, service);
            return null;
        }
    }
}
