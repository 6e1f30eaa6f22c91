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

    public static async Task<IResult> ReadAsync(string? to, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(nameof(DevMailbox));
        var query = $"{MailExtensions.DevMailboxPath}?to={Uri.EscapeDataString(to ?? "")}";
        var answers = await Task.WhenAll(Senders.Select(service => client.GetAsync($"http://{service}{query}", cancellationToken)));
        var mails = new List<JsonElement>();
        foreach (var answer in answers)
        {
            using (answer)
            {
                if (answer.StatusCode == HttpStatusCode.BadRequest)
                {
                    // Every service validates "to" the same way: pass the first problem through.
                    return Results.Text(await answer.Content.ReadAsStringAsync(cancellationToken), "application/problem+json", statusCode: 400);
                }

                answer.EnsureSuccessStatusCode();
                mails.AddRange(await answer.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken) ?? []);
            }
        }

        return Results.Json(mails.OrderByDescending(m => m.GetProperty("sentAt").GetDateTimeOffset()).Take(50));
    }
}
