using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace FlexPlatform.Engagement.Tests;

public sealed class SignatureBroadcasterTests
{
    [Fact]
    public async Task A_stream_that_leaves_during_its_first_count_leaves_no_watch_behind()
    {
        // Nothing listens here: the count never starts, as when the client is gone before it could.
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=9;Timeout=1");
        var broadcaster = new SignatureBroadcaster(null!, new PetitionStore(nowhere, null!, null!, TimeProvider.System), NullLogger<SignatureBroadcaster>.Instance);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => broadcaster.WatchAsync(Guid.NewGuid(), gone.Token));

        Assert.Equal(0, broadcaster.WatchedPetitions);
    }
}
