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

    [Fact]
    public async Task One_batch_stores_each_new_email_once_resends_a_pending_pledge_once_and_commits_every_mail_with_them()
    {
        var earlier = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), new At(DateTimeOffset.UtcNow.AddDays(-1)));
        var waiting = Pledge("waiting");
        await earlier.SubmitAsync(waiting, null, _ => new MailMessage(waiting.Email!, "Confirm", "first"), CancellationToken.None);
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System);
        var fresh = Pledge("fresh");
        var twice = Pledge("twice");

        var outcomes = await store.SubmitAsync(
            [Pending(fresh), Pending(twice), Pending(twice with { FirstName = "Again" }), Pending(waiting), Pending(waiting)], CancellationToken.None);

        Assert.IsType<SubmitOutcome.SendConfirmation>(outcomes[0]);
        Assert.Equal("Sara", Assert.IsType<SubmitOutcome.SendConfirmation>(outcomes[1]).FirstName);
        Assert.IsType<SubmitOutcome.NothingToDo>(outcomes[2]);
        Assert.IsType<SubmitOutcome.SendConfirmation>(outcomes[3]);
        Assert.IsType<SubmitOutcome.NothingToDo>(outcomes[4]);
        foreach (var (email, mails) in new[] { (fresh.Email, 1), (twice.Email, 1), (waiting.Email, 2) })
        {
            Assert.Equal(mails, await database.ScalarAsync($"SELECT count(*) FROM mail_outbox WHERE to_address = '{email}'"));
            Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE email = '{email}'"));
        }

        // The re-sent pledge's new token is the one that confirms it.
        Assert.IsType<ConfirmOutcome.Confirmed>(await store.ConfirmAsync(((SubmitOutcome.SendConfirmation)outcomes[3]).ConfirmToken, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_pledges_through_the_writer_are_all_stored_and_a_row_the_database_refuses_fails_alone()
    {
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System);
        using var writer = new PledgeWriter(store, Microsoft.Extensions.Logging.Abstractions.NullLogger<PledgeWriter>.Instance);
        var good = Enumerable.Range(0, 40).Select(i => Pledge($"gathered{i}")).ToList();
        // PostgreSQL takes no NUL in text: this row cannot be stored, whatever else shares its transaction.
        var bad = Pledge("refused") with { Why = "nul \0 inside" };

        // All queued before the writer starts, so they share its first transaction.
        var submitted = good.Take(20).Append(bad).Concat(good.Skip(20)).Select(p => writer.SubmitAsync(Pending(p), CancellationToken.None)).ToList();
        await writer.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Task.WhenAll(submitted).WaitAsync(TimeSpan.FromSeconds(30)));
        submitted.RemoveAt(20);

        Assert.All(submitted, t => Assert.IsType<SubmitOutcome.SendConfirmation>(t.Result));
        Assert.Equal(good.Count, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE email LIKE 'gathered%' AND email = ANY(ARRAY['{string.Join("','", good.Select(p => p.Email))}'])"));
        Assert.Equal(0, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE email = '{bad.Email}'"));
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task One_batch_of_confirmations_counts_each_pending_pledge_once_and_tells_the_rest_apart()
    {
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System);
        var longAgo = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), new At(DateTimeOffset.UtcNow.AddDays(-60)));
        async Task<string> TokenAsync(SupporterStore by, string name) =>
            ((SubmitOutcome.SendConfirmation)await by.SubmitAsync(Pledge(name), null, _ => new MailMessage("x@example.org", "s", "b"), CancellationToken.None)).ConfirmToken;
        var (fresh, again, expired) = (await TokenAsync(store, "batchfresh"), await TokenAsync(store, "batchagain"), await TokenAsync(longAgo, "batchexpired"));
        await store.ConfirmAsync(again, CancellationToken.None);
        var before = (await store.CountConfirmedAsync(CancellationToken.None)).Total;

        var outcomes = await store.ConfirmAsync(
            [PendingConfirmation.For(fresh), PendingConfirmation.For(fresh), PendingConfirmation.For(again), PendingConfirmation.For(expired), PendingConfirmation.For(Tokens.NewSecret())],
            CancellationToken.None);

        Assert.True(Assert.IsType<ConfirmOutcome.Confirmed>(outcomes[0]).Counted);
        Assert.False(Assert.IsType<ConfirmOutcome.Confirmed>(outcomes[1]).Counted);
        Assert.False(Assert.IsType<ConfirmOutcome.Confirmed>(outcomes[2]).Counted);
        Assert.IsType<ConfirmOutcome.Expired>(outcomes[3]);
        Assert.IsType<ConfirmOutcome.Unknown>(outcomes[4]);
        Assert.Equal(before + 1, (await store.CountConfirmedAsync(CancellationToken.None)).Total);
        Assert.Equal(1, await database.ScalarAsync(
            $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%PledgeConfirmed%' AND body->>'supporterId' = '{((ConfirmOutcome.Confirmed)outcomes[0]).SupporterId}'"));
    }

    private static PendingPledge Pending(PledgeRequest request) => new(request, null, send => new MailMessage(request.Email!, "Confirm", send.ConfirmToken));

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static PledgeRequest Pledge(string name) => new(
        "Sara", "Smith", $"{name}.{Guid.NewGuid():N}@example.org", "US", "CO", null, [], [], null,
        ConsentToUpdates: false, ListPublicly: false, ReferralCode: null, OrganizationCode: null);
}
