using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Replicas.Tests;

[Collection(ReplicasCollection.Name)]
public sealed class LiveStreamTests(ReplicasFixture fixture)
{
    private PlatformFixture Platform => fixture.Platform;

    [Fact]
    public async Task A_live_stream_on_either_Pledge_replica_sees_the_total_move_whichever_replica_took_the_confirmation()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var streams = new List<(string Name, CountEvents Events, HttpResponseMessage Response)>();
        try
        {
            foreach (var replica in fixture.PledgeReplicas)
            {
                var response = await http.GetAsync($"{replica.HttpUrl}/api/pledges/stream", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                var events = new CountEvents(await response.Content.ReadAsStreamAsync());
                using var first = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await events.NextAsync(first.Token);
                streams.Add((replica.Name, events, response));
            }

            await Platform.ConfirmThroughGatewayAsync(6, "live");
            var expected = await Platform.ConfirmedInPledgeAsync();

            foreach (var (name, events, _) in streams)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                long seen;
                do
                {
                    seen = await events.NextAsync(timeout.Token);
                    Assert.True(seen <= expected, $"{name}'s stream ran ahead of PostgreSQL: {seen} > {expected}");
                }
                while (seen < expected);

                Assert.Equal(expected, seen);
            }
        }
        finally
        {
            foreach (var (_, events, response) in streams)
            {
                await events.DisposeAsync();
                response.Dispose();
            }
        }
    }
}
