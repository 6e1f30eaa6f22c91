namespace FlexPlatform.Web.Staff;

/// <summary>At start, after the migrations: while the console has no admin, the addresses <c>Staff:FirstAdmins</c> names become admins.</summary>
public sealed class FirstAdmins(StaffStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureFirstAdminsAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
