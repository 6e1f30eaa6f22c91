using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Messaging;
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
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), TimeProvider.System, () => draws.Dequeue());

        var first = await store.SubmitAsync(Pledge("first"), null, CancellationToken.None);
        var second = await store.SubmitAsync(Pledge("second"), null, CancellationToken.None);

        Assert.IsType<SubmitOutcome.SendConfirmation>(first);
        Assert.IsType<SubmitOutcome.SendConfirmation>(second);
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE referral_code = '{taken}'"));
        Assert.Empty(draws);
    }

    [Fact]
    public async Task Confirmations_move_the_committed_total_by_exactly_one_each()
    {
        var store = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), TimeProvider.System);
        var before = (await store.CountConfirmedAsync(CancellationToken.None)).Total;
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(((SubmitOutcome.SendConfirmation)await store.SubmitAsync(Pledge($"count{i}"), null, CancellationToken.None)).ConfirmToken);
        }

        await Task.WhenAll(tokens.Select(t => store.ConfirmAsync(t, CancellationToken.None)));
        await Task.WhenAll(tokens.Select(t => store.ConfirmAsync(t, CancellationToken.None)));

        var after = await store.CountConfirmedAsync(CancellationToken.None);
        Assert.Equal(before + 5, after.Total);
        Assert.Equal(after.Total, await database.ScalarAsync("SELECT count(*) FROM supporters WHERE status = 'confirmed'"));
    }

    private static PledgeRequest Pledge(string name) => new(
        "Sara", "Smith", $"{name}.{Guid.NewGuid():N}@example.org", "US", "CO", null, [], [], null,
        ConsentToUpdates: false, ListPublicly: false, ReferralCode: null, OrganizationCode: null);
}
