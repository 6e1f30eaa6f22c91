using FlexPlatform.Pledge.Counting;
using FlexPlatform.ServiceDefaults.Data;

namespace FlexPlatform.Pledge.Data;

/// <summary>Group commit for confirmations: concurrent confirmations share a transaction and one move of the total.</summary>
public sealed class ConfirmationWriter(SupporterStore store, PledgeCounter counter, ILogger<ConfirmationWriter> logger)
    : GroupCommit<PendingConfirmation, ConfirmOutcome>(logger)
{
    protected override string SpanName => "store confirmations";

    protected override async Task<IReadOnlyList<ConfirmOutcome>> StoreAsync(IReadOnlyList<PendingConfirmation> items, CancellationToken cancellationToken)
    {
        var outcomes = await store.ConfirmAsync(items, cancellationToken);
        if (outcomes.Any(o => o is ConfirmOutcome.Confirmed { Counted: true }))
        {
            // Redis's copy moves even when every caller of the batch stopped waiting (their requests publish too; rounds are shared).
            _ = counter.PublishAfterCommitAsync();
        }

        return outcomes;
    }
}
