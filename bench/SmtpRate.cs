using System.Diagnostics;
using System.Globalization;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.Testing;
using FlexPlatform.Testing.Smtp;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace FlexPlatform.Bench;

public sealed record SmtpRates(int Mails, double ServerOwn, double Platform);

/// <summary>
/// The platform's mail sender (mail outbox → <see cref="MailDispatcher"/> → SMTP) against a real SMTP server on this
/// machine (the tests' aiosmtpd server), beside that server's own rate: one client on one connection sending the
/// same messages back to back, as the dispatcher does, with nothing in between.
/// </summary>
public static class SmtpRate
{
    public static async Task<SmtpRates> MeasureAsync(string connectionString, int mails)
    {
        await using var servers = new Servers();
        SmtpServerResource smtp = null!;
        await servers.StartAsync((builder, settings) => smtp = builder.AddSmtpServer("smtp", settings).Resource);
        var port = smtp.Endpoint.Port;
        var messages = Enumerable.Range(0, mails)
            .Select(i => new MailMessage($"reader.{i}@bench.example", "Flexibility news", $"Hi Person{i},\n\nWhat happened this week.\n", new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<https://example.org/unsubscribe?token={i:x64}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            }))
            .ToList();

        // The server's own rate.
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            var own = Stopwatch.StartNew();
            foreach (var message in messages)
            {
                await client.SendAsync(MailComposer.Compose("movement@bench.example", message, DateTimeOffset.UtcNow));
            }

            own.Stop();
            await client.DisconnectAsync(quit: true);
            var ownRate = mails / own.Elapsed.TotalSeconds;

            // The platform's: queued in one transaction, timed from its commit until the outbox is empty.
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:benchdb"] = connectionString,
                ["Mail:From"] = "movement@bench.example",
                ["Mail:PublicBaseUrl"] = "http://localhost:8080",
                ["Mail:SmtpHost"] = "127.0.0.1",
                ["Mail:SmtpPort"] = port.ToString(CultureInfo.InvariantCulture),
                ["Mail:SmtpSecurity"] = "None",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.AddPostgresDatabase("benchdb", typeof(SmtpRate).Assembly);
            builder.AddMail();
            using var host = builder.Build();
            await host.StartAsync();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var tx = await connection.BeginTransactionAsync())
            {
                await MailOutbox.AddAsync(tx, messages, tag: "bench", CancellationToken.None);
                await tx.CommitAsync();
            }

            var platform = Stopwatch.StartNew();
            host.Services.GetRequiredService<MailOutbox>().Notify();
            await Database.WaitAsync(connectionString, "SELECT -count(*) FROM mail_outbox", 0);
            platform.Stop();
            await host.StopAsync();
            return new SmtpRates(mails, ownRate, mails / platform.Elapsed.TotalSeconds);
        }
    }
}
