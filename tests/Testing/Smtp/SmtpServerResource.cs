using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FlexPlatform.AppHost.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexPlatform.Testing.Smtp;

/// <summary>
/// A real SMTP server for mail tests (<c>smtp_server.py</c> on Debian's aiosmtpd), run by Aspire like the
/// platform's other servers: it refuses "reject…" recipients for good and greylists "greylist…" ones once.
/// </summary>
public sealed class SmtpServerResource(string name, string workingDirectory)
    : ExecutableResource(name, "/usr/bin/python3", workingDirectory)
{
    public string LogFile => Path.Combine(WorkingDirectory, "accepted.jsonl");

    public EndpointReference Endpoint => new(this, "tcp");

    /// <summary>Every mail the server accepted so far.</summary>
    public IReadOnlyList<AcceptedMail> Accepted() =>
        File.Exists(LogFile)
            ? File.ReadAllLines(LogFile).Select(line => JsonSerializer.Deserialize<AcceptedMail>(line, JsonSerializerOptions.Web)!).ToList()
            : [];
}

public sealed record AcceptedMail(string From, IReadOnlyList<string> To, bool Smtputf8, string Content);

public static class SmtpServerBuilderExtensions
{
    public static IResourceBuilder<SmtpServerResource> AddSmtpServer(this IDistributedApplicationBuilder builder, string name, PlatformSettings settings)
    {
        var directory = Path.Combine(settings.DataDirectory, name);
        var smtp = new SmtpServerResource(name, directory);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(smtp, async (_, ct) =>
        {
            await ServerPackages.EnsureInstalledAsync("python3-aiosmtpd", () => Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"), ct);
            Directory.CreateDirectory(directory);
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new GreetingCheck(smtp), null, null));
        var port = FreePort.Pick();
        return builder.AddResource(smtp)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithArgs(Path.Combine(AppContext.BaseDirectory, "Smtp", "smtp_server.py"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log", smtp.LogFile)
            .WithHealthCheck(healthCheck);
    }

    /// <summary>Healthy once the server greets a new connection with 220.</summary>
    private sealed class GreetingCheck(SmtpServerResource smtp) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", smtp.Endpoint.Port, timeout.Token);
                var buffer = new byte[64];
                var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
                return read >= 3 && buffer.AsSpan(0, 3).SequenceEqual("220"u8) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no 220 greeting");
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
