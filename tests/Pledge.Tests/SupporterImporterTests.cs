using FlexPlatform.Domain;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.Pledge.Import;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlexPlatform.Pledge.Tests;

/// <summary>The importer against real PostgreSQL: what a random draw cannot rule out is handled, never a lost row.</summary>
public sealed class SupporterImporterTests(PledgeDatabaseFixture database) : IClassFixture<PledgeDatabaseFixture>
{
    [Fact]
    public async Task A_drawn_referral_code_a_supporter_already_holds_is_drawn_again_before_the_row_is_staged()
    {
        var taken = "k" + Guid.NewGuid().ToString("N")[..7].Replace('0', 'a').Replace('1', 'b');
        var holder = new SupporterStore(database.DataSource, new Outbox(new OutboxSignal()), new MailOutbox(), TimeProvider.System, () => taken);
        Assert.IsType<SubmitOutcome.SendConfirmation>(await holder.SubmitAsync(
            new PledgeRequest("Sara", "Smith", $"holder.{Guid.NewGuid():N}@example.org", "US", "CO", null, [], [], null, false, false, null, null),
            null, _ => new MailMessage("x@example.org", "s", "b"), CancellationToken.None));

        // Two rows a chunk: the first row draws the taken code, and gets the third draw once the chunk is checked.
        var draws = new Queue<string>([taken, Code(), Code(), Code()]);
        var importer = new SupporterImporter(
            database.DataSource, new Outbox(new OutboxSignal()), Options.Create(new ImportOptions { ChunkRows = 2 }), TimeProvider.System,
            NullLogger<SupporterImporter>.Instance, () => draws.Dequeue());
        var emails = Enumerable.Range(0, 3).Select(i => $"imported{i}.{Guid.NewGuid():N}@example.org").ToList();
        var csv = "email,first_name,last_name,country\n" + string.Concat(emails.Select(e => $"{e},Ana,Lima,BR\n"));

        var outcome = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(new StringReader(csv), CancellationToken.None));

        Assert.Equal(3, outcome.Added);
        Assert.Empty(draws);
        Assert.Equal(1, await database.ScalarAsync($"SELECT count(*) FROM supporters WHERE referral_code = '{taken}'"));
        Assert.Equal(3, await database.ScalarAsync($"SELECT count(DISTINCT referral_code) FROM supporters WHERE email IN ('{string.Join("','", emails)}')"));
        Assert.Equal(0, await database.ScalarAsync("SELECT count(*) FROM pg_class WHERE relname LIKE 'import\\_rows\\_%'"));
    }

    private static string Code() => Tokens.NewReferralCode();
}
