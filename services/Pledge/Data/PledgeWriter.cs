using FlexPlatform.ServiceDefaults.Data;

namespace FlexPlatform.Pledge.Data;

/// <summary>Group commit for pledges: concurrent pledges share a transaction (<see cref="SupporterStore"/>'s batch).</summary>
public sealed class PledgeWriter(SupporterStore store, ILogger<PledgeWriter> logger) : GroupCommit<PendingPledge, SubmitOutcome>(logger)
{
    protected override string SpanName => "store pledges";

    protected override Task<IReadOnlyList<SubmitOutcome>> StoreAsync(IReadOnlyList<PendingPledge> items, CancellationToken cancellationToken) =>
        store.SubmitAsync(items, cancellationToken);
}
