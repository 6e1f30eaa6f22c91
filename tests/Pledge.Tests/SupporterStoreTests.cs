using FlexPlatform.Domain;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>The store against real PostgreSQL: collisions a client cannot see are retried, never a 500.</summary>
public sealed class SupporterStoreTests(PledgeDatabaseFixture database) : IClassFixture<PledgeDatabaseFixture>
{
    [Fact]
    public async Task Two_pledges_drawing_the_same_referral_code_both_succeed_with_distinct_codes()
    {
        var taken = "k" + Guid.NewGuid().ToString("N")[..7].Replace('0', 'a').Replace('1', 'b');
        var draws = new Queue<string>([taken, taken, taken, Tokens.NewReferralCode()]);
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System, () => draws.Dequeue());

        var first = await store.SubmitAsync(Pledge("first"), null, _ => new MailMessage("x@example.org", "s", "b"), CancellationToken.None);
        var second = await store.SubmitAsync(Pledge("second"), null, _ => new MailMessage("x@example.org", "s", "b"), CancellationToken.None);

        Assert.IsType<SubmitOutcome.SendConfirmation>(first);
        Assert.IsType<SubmitOutcome.SendConfirmation>(second);
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE referral_code = '{taken}'"));
        Assert.Empty(draws);
    }

    [Fact]
    public async Task Confirmations_move_the_committed_total_by_exactly_one_each()
    {
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System);
        var before = (await store.CountConfirmedAsync(CancellationToken.None)).Total;
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(((SubmitOutcome.SendConfirmation)await store.SubmitAsync(Pledge($"count{i}"), null, _ => new MailMessage("x@example.org", "s", "b"), CancellationToken.None)).ConfirmToken);
        }

        await Task.WhenAll(tokens.Select(t => store.ConfirmAsync(t, CancellationToken.None)));
        await Task.WhenAll(tokens.Select(t => store.ConfirmAsync(t, CancellationToken.None)));

        var after = await store.CountConfirmedAsync(CancellationToken.None);
        Assert.Equal(before + 5, after.Total);
        Assert.Equal(after.Total, await database.ScalarAsync("SELECT count(*) FROM supporters WHERE status = 'confirmed'"));
    }

    [Fact]
    public async Task A_pledges_mail_is_queued_in_its_transaction_kept_while_sending_fails_and_sent_once_after()
    {
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System);
        var request = Pledge("mailed");
        var to = request.Email!;

        await store.SubmitAsync(request, null, send => new MailMessage(to, "Confirm", send.ConfirmToken), CancellationToken.None);
        var queued = $"SELECT count(*) FROM mail_outbox WHERE to_address = '{to}'";
        Assert.Equal(1, await database.ScalarAsync(queued));

        var down = new RecordingSender(fail: true);
        Assert.NotNull((await Dispatcher(down).SendBatchAsync(CancellationToken.None)).ServerAway);
        Assert.Equal(1, await database.ScalarAsync(queued + " AND attempts = 0"));

        var up = new RecordingSender(fail: false);
        var dispatcher = Dispatcher(up);
        while ((await dispatcher.SendBatchAsync(CancellationToken.None)).Claimed > 0)
        {
            // Drains whatever other tests queued too.
        }

        Assert.Single(up.Sent, m => m.To == to);
        Assert.Equal(0, await database.ScalarAsync(queued));
    }

    private MailDispatcher Dispatcher(IMailSender sender)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider()
            .GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var queue = new MailQueue(database.DataSource, Microsoft.Extensions.Options.Options.Create(new MailOptions()), TimeProvider.System);
        return new(queue, sender, new MailOutbox(), new MailTelemetry(meters), Microsoft.Extensions.Logging.Abstractions.NullLogger<MailDispatcher>.Instance);
    }

    private sealed class RecordingSender(bool fail) : IMailSender
    {
        public List<MailMessage> Sent { get; } = [];

        public Task<IReadOnlyList<MailOutcome>> SendAsync(IReadOnlyList<MailMessage> messages, CancellationToken cancellationToken)
        {
            if (!fail)
            {
                Sent.AddRange(messages);
            }

            return Task.FromResult<IReadOnlyList<MailOutcome>>(
                messages.Select(_ => fail ? MailOutcome.NotTried("mail server away") : MailOutcome.Sent).ToList());
        }
    }

    private static PledgeRequest Pledge(string name) => new(
        "Sara", "Smith", $"{name}.{Guid.NewGuid():N}@example.org", "US", "CO", null, [], [], null,
        ConsentToUpdates: false, ListPublicly: false, ReferralCode: null, OrganizationCode: null);
}
