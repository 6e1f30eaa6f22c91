namespace FlexPlatform.ServiceDefaults.Messaging;

/// <summary>An in-process doorbell from committed writers to the dispatcher; the poll covers other replicas.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _bell = new(0, 1);

    public void Notify()
    {
        try
        {
            _bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung; the dispatcher will drain everything committed so far.
        }
    }

    public void Dispose() => _bell.Dispose();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _bell.WaitAsync(timeout, cancellationToken);
}
