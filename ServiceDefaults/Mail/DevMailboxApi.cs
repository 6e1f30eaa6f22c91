using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>
/// Only with <c>Mail:DevMailbox</c> on: read the mail the platform "sent", to follow links locally.
/// <c>/api/dev/mailbox/own</c> is this service's table; <c>/api/dev/mailbox</c> merges it with the
/// peers named in <see cref="MailOptions.DevMailboxPeers"/> (asked over service discovery), newest first.
/// </summary>
public static class DevMailboxApi
{
    public const string HttpClientName = "dev-mailbox";

    public static IEndpointRouteBuilder MapDevMailboxApi(this IEndpointRouteBuilder app)
    {
        var mailbox = app.MapGroup("/api/dev/mailbox").WithTags("Development");
        mailbox.MapGet("/", ReadAllAsync)
            .WithSummary("Development only: every mail the platform would have sent");
        mailbox.MapGet("/own", ReadOwnAsync)
            .WithSummary("Development only: this service's own mail");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DevMail>>, ValidationProblem>> ReadOwnAsync(
        string? to, DevMailbox mailbox, CancellationToken cancellationToken) =>
        Invalid(to) is { } problem ? problem : TypedResults.Ok(await mailbox.ReadAsync(to!, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<DevMail>>, ValidationProblem>> ReadAllAsync(
        string? to, DevMailbox mailbox, IOptions<MailOptions> options, IHttpClientFactory clients, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (Invalid(to) is { } problem)
        {
            return problem;
        }

        var client = clients.CreateClient(HttpClientName);
        var logger = loggers.CreateLogger(typeof(DevMailboxApi));
        var reads = options.Value.DevMailboxPeers.Select(peer => ReadPeerAsync(client, peer, to!, logger, cancellationToken)).ToList();
        var mails = new List<DevMail>(await mailbox.ReadAsync(to!, cancellationToken));
        foreach (var peerMails in await Task.WhenAll(reads))
        {
            mails.AddRange(peerMails);
        }

        return TypedResults.Ok<IReadOnlyList<DevMail>>(mails.OrderByDescending(m => m.SentAt).Take(50).ToList());
    }

    // A peer that is down or has no mailbox yet leaves its mail out rather than failing the read.
    private static async Task<IReadOnlyList<DevMail>> ReadPeerAsync(HttpClient client, string peer, string to, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri($"http://{peer}/api/dev/mailbox/own?to={Uri.EscapeDataString(to)}"), cancellationToken);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync<List<DevMail>>(cancellationToken) ?? []
                : [];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            logger.LogWarning("Dev mailbox of {Peer} not read ({Reason})", peer, ex.GetType().Name);
            return [];
        }
    }

    private static ValidationProblem? Invalid(string? to) =>
        string.IsNullOrWhiteSpace(to) || to.Length > 254
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["An email address is required."] })
            : null;
}
