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

    public static WebApplication MapMergedDevMailbox(this WebApplication app)
    {
        if (!app.Environment.IsProduction())
        {
            app.MapGet(MailExtensions.DevMailboxPath, ReadAsync).WithTags("Development");
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
        try
        {
            return await client.GetAsync(url, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
