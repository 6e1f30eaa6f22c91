using System.Net;
using System.Text.Json;

namespace FlexPlatform.Gateway;

/// <summary>
/// Outside Production, <c>GET /api/dev/mailbox?to=</c> is one mailbox: each service keeps the mail it
/// "sent" (service defaults' dev mailbox) and the gateway merges their answers, newest first.
/// </summary>
public static class DevMailbox
{
    /// <summary>The services that send mail; each serves its own <c>/api/dev/mailbox</c>.</summary>
    public static readonly IReadOnlyList<string> Senders = ["pledge", "engagement"];

    private static readonly TimeSpan PerSender = TimeSpan.FromSeconds(2);

    /// <summary>
    /// No retries and a short wait per sender: one service whose database is away must not slow down
    /// everybody's mail (a developer, or a test, reading a pledge's confirmation during an Engagement outage).
    /// </summary>
    public static IHostApplicationBuilder AddMergedDevMailbox(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // Experimental API; the alternative is bypassing the defaults' handler chain, service discovery included.
        builder.Services.AddHttpClient(nameof(DevMailbox)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }

    public static WebApplication MapMergedDevMailbox(this WebApplication app)
    {
        if (!app.Environment.IsProduction())
        {
            app.MapGet(MailExtensions.DevMailboxPath, ReadAsync).WithTags("Development").RequireRateLimiting(Extensions.ReadsRateLimit);
        }

        return app;
    }

    public static async Task<IResult> ReadAsync(string? to, IHttpClientFactory clients, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(nameof(DevMailbox));
        var query = $"{MailExtensions.DevMailboxPath}?to={Uri.EscapeDataString(to ?? "")}";
        var answers = await Task.WhenAll(Senders.Select(service => AskAsync(client, $"http://{service}{query}", cancellationToken)));
        var mails = new List<JsonElement>();
        foreach (var answer in answers.OfType<HttpResponseMessage>())
        {
            using (answer)
            {
                if (answer.StatusCode == HttpStatusCode.BadRequest)
                {
                    // Every service validates "to" the same way: pass the first problem through.
                    return Results.Text(await answer.Content.ReadAsStringAsync(cancellationToken), "application/problem+json", statusCode: 400);
                }

                if (!answer.IsSuccessStatusCode)
                {
                    loggers.CreateLogger(nameof(DevMailbox)).LogWarning("A dev mailbox answered {Status}; its mail is left out", (int)answer.StatusCode);
                    continue;
                }

                mails.AddRange(await answer.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken) ?? []);
            }
        }

        return Results.Json(mails.OrderByDescending(m => m.GetProperty("sentAt").GetDateTimeOffset()).Take(50));
    }

    // A sender that is down (restarting, say) leaves its mail out rather than hiding everyone else's.
    private static async Task<HttpResponseMessage?> AskAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(PerSender);
        try
        {
            return await client.GetAsync(url, patience.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
