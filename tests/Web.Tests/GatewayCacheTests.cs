using System.Net;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>The gateway's read limit counts what reaches the services, not what its output cache answers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GatewayCacheTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task Cached_public_reads_spend_none_of_a_visitors_read_allowance()
    {
        // A visitor of their own (a second loopback address): a partition no other test spends.
        using var visitor = Site.Platform.GatewayFrom("127.0.0.2");
        var reads = BrowserFixture.ReadsBurst + 400;

        var answers = new List<HttpStatusCode>(reads);
        for (var i = 0; i < reads; i++)
        {
            using var response = await visitor.GetAsync("/api/pledges/count");
            answers.Add(response.StatusCode);
        }

        // Limited before the cache, the burst would be spent after 600 reads and the rest refused with 429
        // (the bucket refills 50 a second, far slower than these reads).
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
