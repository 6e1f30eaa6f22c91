using FlexPlatform.ServiceDefaults.Data;

namespace FlexPlatform.Pledge.Data;

/// <summary>Group commit for confirmations: concurrent confirmations share a transaction and one move of the total.</summary>
public sealed class ConfirmationWriter(SupporterStore store, ILogger<ConfirmationWriter> logger) : GroupCommit<PendingConfirmation, ConfirmOutcome>(logger)
{
    protected override string SpanName => "store confirmations";

    protected override Task<IReadOnlyList<ConfirmOutcome>> StoreAsync(IReadOnlyList<PendingConfirmation> items, CancellationToken cancellationToken) =>
        store.ConfirmAsync(items, cancellationToken);
}
