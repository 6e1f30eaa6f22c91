namespace FlexPlatform.Web.Staff;

/// <summary>At start, after the migrations: the addresses <c>Staff:FirstAdmins</c> names are admins (kept if already staff).</summary>
public sealed class FirstAdmins(StaffStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureFirstAdminsAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
