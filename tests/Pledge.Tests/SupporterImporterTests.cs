using FlexPlatform.Domain;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Import;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>The importer against real PostgreSQL: what a random draw cannot rule out is handled, never a lost row.</summary>
public sealed class SupporterImporterTests(PledgeDatabaseFixture database) : IClassFixture<PledgeDatabaseFixture>
{
    [Fact]
    public async Task A_drawn_referral_code_a_supporter_already_holds_is_drawn_again()
    {
        var taken = "k" + Guid.NewGuid().ToString("N")[..7].Replace('0', 'a').Replace('1', 'b');
        var holder = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System, () => taken);
        Assert.IsType<SubmitOutcome.SendConfirmation>(await holder.SubmitAsync(
            new PledgeRequest("Sara", "Smith", $"holder.{Guid.NewGuid():N}@example.org", "US", "CO", null, [], [], null, false, false, null, null),
            null, _ => new MailMessage("x@example.org", "s", "b"), CancellationToken.None));

        // The first row draws the taken code, and gets the fourth draw once the staged rows are checked.
        var draws = new Queue<string>([taken, Code(), Code(), Code()]);
        var importer = new SupporterImporter(
            database.DataSource, new Outbox(new OutboxSignal()), TimeProvider.System, NullLogger<SupporterImporter>.Instance, () => draws.Dequeue());
        var emails = Enumerable.Range(0, 3).Select(i => $"imported{i}.{Guid.NewGuid():N}@example.org").ToList();
        var csv = "email,first_name,last_name,country\n" + string.Concat(emails.Select(e => $"{e},Ana,Lima,BR\n"));

        var outcome = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(new StringReader(csv), CancellationToken.None));

        Assert.Equal(3, outcome.Added);
        Assert.Empty(draws);
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE referral_code = '{taken}'"));
        Assert.Equal(3, await database.ScalarAsync($"SELECT count(DISTINCT referral_code) FROM supporters WHERE email IN ('{string.Join("','", emails)}')"));
    }

    private static string Code() => Tokens.NewReferralCode();
}
