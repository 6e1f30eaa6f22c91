using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.Testing;
using FlexPlatform.Testing.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MimeKit;
using Npgsql;
using Xunit;

namespace FlexPlatform.ServiceDefaults.Tests;

/// <summary>The mail outbox sent over SMTP with MailKit to a real server that refuses, greylists and goes away.</summary>
[Collection(MailCollection.Name)]
public sealed class MailDeliveryTests(MailFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Refused_mail_is_set_aside_greylisted_mail_is_retried_and_the_rest_is_sent_once()
    {
        var run = NewRun();
        var (first, second) = ($"first.{run}@example.org", $"second.{run}@example.org");
        var refused = $"reject.{run}@example.org";
        var greylisted = $"greylist.{run}@example.org";
        var international = $"josé.{run}@exämple.org";

        await fixture.QueueAsync(Mail(first), Mail(refused), Mail(second), Mail(international), Mail(greylisted));

        await WaitUntilNothingQueuedAsync(run);
        var accepted = AcceptedFor(run);
        Assert.Equal(new[] { first, greylisted, international, second }.Order(StringComparer.Ordinal), accepted.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.True(accepted.Single(m => m.To.Contains(international)).Smtputf8);
        var dead = Assert.Single(await DeadForAsync(run));
        Assert.Equal(refused, dead.To);
        Assert.Contains("550", dead.Reason, StringComparison.Ordinal);
        Assert.Equal(1, dead.Attempts);
    }

    [Fact]
    public async Task Mail_server_away_keeps_every_mail_in_place_and_sends_each_once_when_it_is_back()
    {
        var run = NewRun();
        string[] to = [$"a.{run}@example.org", $"b.{run}@example.org", $"c.{run}@example.org"];
        await fixture.StopSmtpAsync();
        try
        {
            await fixture.QueueAsync([.. to.Select(Mail)]);
            // Claimed and released again (the lease moved due_at), each try failing to connect.
            await PlatformFixture.EventuallyAsync(
                () => fixture.ScalarAsync("SELECT count(*) FROM mail_outbox WHERE to_address LIKE '%' || $1 || '%' AND due_at > created_at", run), n => n == 3, Patience);
            Assert.Equal(0, await fixture.ScalarAsync("SELECT coalesce(max(attempts), 0) FROM mail_outbox WHERE to_address LIKE '%' || $1 || '%'", run));
        }
        finally
        {
            await fixture.StartSmtpAsync();
        }

        await WaitUntilNothingQueuedAsync(run);
        Assert.Equal(to.Order(StringComparer.Ordinal), AcceptedFor(run).SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.Empty(await DeadForAsync(run));
    }

    [Fact]
    public async Task Set_aside_mail_shows_on_health_and_can_be_replayed_or_discarded()
    {
        var run = NewRun();
        await fixture.QueueAsync(Mail($"reject.{run}@example.org"));
        var dead = Assert.Single(await PlatformFixture.EventuallyAsync(() => DeadForAsync(run), d => d.Count == 1, Patience));

        var health = await fixture.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "mail");
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(await fixture.ScalarAsync("SELECT count(*) FROM mail_dead"), (long)health.Entries["mail"].Data["dead"]);

        // Replayed, it is tried again (and refused again, under a new number).
        Assert.Equal(1, await fixture.Queue.ReplayAsync(dead.Seq, CancellationToken.None));
        var again = Assert.Single(await PlatformFixture.EventuallyAsync(() => DeadForAsync(run), d => d.Count == 1 && d[0].Seq != dead.Seq, Patience));
        Assert.Equal(0, await fixture.Queue.ReplayAsync(dead.Seq, CancellationToken.None));

        Assert.True(await fixture.Queue.DiscardAsync(again.Seq, CancellationToken.None));
        Assert.False(await fixture.Queue.DiscardAsync(again.Seq, CancellationToken.None));
        Assert.Empty(await DeadForAsync(run));
    }

    [Fact]
    public async Task A_mails_own_headers_go_out_with_it_beside_date_and_message_id_and_stay_with_it_when_set_aside_and_replayed()
    {
        var run = NewRun();
        var headers = new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<https://flex.example/unsubscribe?token={run}>, <mailto:unsubscribe@example.org?subject={run}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
        await fixture.QueueAsync(
            new MailMessage($"headers.{run}@example.org", "An update", "Hello", headers),
            new MailMessage($"reject.{run}@example.org", "An update", "Hello", headers));

        var sent = Assert.Single(await PlatformFixture.EventuallyAsync(() => Task.FromResult(AcceptedFor(run)), a => a.Count == 1, Patience));
        using var raw = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(sent.Content));
        var message = await MimeMessage.LoadAsync(raw);
        Assert.Equal(headers["List-Unsubscribe"], message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.EndsWith("@example.org", message.MessageId, StringComparison.Ordinal);
        Assert.InRange(message.Date, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("movement@example.org", message.From.Mailboxes.Single().Address);

        var dead = Assert.Single(await PlatformFixture.EventuallyAsync(() => DeadForAsync(run), d => d.Count == 1, Patience));
        Assert.Equal(headers["List-Unsubscribe"], await DeadHeaderAsync(dead.Seq, "List-Unsubscribe"));
        Assert.Equal(1, await fixture.Queue.ReplayAsync(dead.Seq, CancellationToken.None));
        var again = Assert.Single(await PlatformFixture.EventuallyAsync(() => DeadForAsync(run), d => d.Count == 1 && d[0].Seq != dead.Seq, Patience));
        Assert.Equal(headers["List-Unsubscribe-Post"], await DeadHeaderAsync(again.Seq, "List-Unsubscribe-Post"));
        Assert.True(await fixture.Queue.DiscardAsync(again.Seq, CancellationToken.None));
    }

    [Fact]
    public async Task Bulk_mail_refused_for_good_suppresses_its_address_and_keeps_its_tag_while_transactional_mail_does_not()
    {
        var run = NewRun();
        var (bulk, transactional, fine) = ($"reject.bulk.{run}@example.org", $"reject.mail.{run}@example.org", $"fine.{run}@example.org");
        var tag = $"update:{run}";

        await fixture.QueueTaggedAsync(tag, Mail($"Reject.Bulk.{run}@Example.org"), Mail(fine));
        await fixture.QueueAsync(Mail(transactional));
        await WaitUntilNothingQueuedAsync(run);

        var suppressions = await fixture.Host.Services.GetRequiredService<MailSuppressions>().ListAsync(1, 100, CancellationToken.None);
        var bounce = Assert.Single(suppressions, s => s.Address.Contains(run, StringComparison.Ordinal));
        Assert.Equal((bulk, "bounce"), (bounce.Address, bounce.Kind));
        Assert.Contains("550", bounce.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM mail_dead WHERE tag = $1", tag));
        Assert.Equal(2, (await DeadForAsync(run)).Count);

        // What the server took is counted by tag as it settles, and stays counted whatever becomes of the refused one.
        Assert.Equal(1, await fixture.ScalarAsync("SELECT sent FROM mail_sent_by_tag WHERE tag = $1", tag));
        var refused = (await DeadForAsync(run)).Single(d => d.To.StartsWith("Reject.Bulk", StringComparison.Ordinal));
        Assert.True(await fixture.Queue.DiscardAsync(refused.Seq, CancellationToken.None));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT sent FROM mail_sent_by_tag WHERE tag = $1", tag));
    }

    private async Task<string?> DeadHeaderAsync(long seq, string name)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT headers ->> $2 FROM mail_dead WHERE seq = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = seq });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await command.ExecuteScalarAsync() as string;
    }

    private static string NewRun() => Guid.NewGuid().ToString("N")[..8];

    private static MailMessage Mail(string to) => new(to, "Your pledge", $"Hello {to}");

    private Task<long> WaitUntilNothingQueuedAsync(string run) => PlatformFixture.EventuallyAsync(
        () => fixture.ScalarAsync("SELECT count(*) FROM mail_outbox WHERE to_address LIKE '%' || $1 || '%'", run), n => n == 0, Patience);

    private List<AcceptedMail> AcceptedFor(string run) =>
        fixture.Smtp.Accepted().Where(m => m.To.Any(t => t.Contains(run, StringComparison.Ordinal))).ToList();

    private async Task<IReadOnlyList<DeadMail>> DeadForAsync(string run) =>
        (await fixture.Queue.ListDeadAsync(1, 100, CancellationToken.None)).Where(d => d.To.Contains(run, StringComparison.Ordinal)).ToList();
}

[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<MailFixture>
{
    public const string Name = "mail";
}
