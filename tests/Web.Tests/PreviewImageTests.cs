using System.Net;
using System.Text;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Preview;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>The link-preview picture: its size, the total it shows, and how often it asks the API.</summary>
public sealed class PreviewImageTests
{
    private static readonly SKColor Brand = SKColor.Parse("#0a625d");

    [Fact]
    public void The_card_is_the_size_previews_use_and_its_bar_shows_how_far_the_total_is()
    {
        using var started = SKBitmap.Decode(PreviewImage.Draw(1234, 1_000_000));
        using var none = SKBitmap.Decode(PreviewImage.Draw(0, 1_000_000));
        using var half = SKBitmap.Decode(PreviewImage.Draw(500_000, 1_000_000));
        using var unknown = SKBitmap.Decode(PreviewImage.Draw(null, 1_000_000));

        Assert.Equal((PreviewImage.Width, PreviewImage.Height), (started.Width, started.Height));
        Assert.Equal(SKColors.White, started.GetPixel(100, 480));
        Assert.NotEqual(SKColors.White, none.GetPixel(100, 480));
        Assert.Equal(SKColors.White, half.GetPixel(590, 480));
        Assert.NotEqual(SKColors.White, half.GetPixel(660, 480));
        Assert.Equal(Brand, unknown.GetPixel(100, 480));
    }

    [Fact]
    public async Task The_total_is_asked_for_at_most_once_a_minute_and_during_an_outage_once_every_ten_seconds()
    {
        var clock = new Clock();
        var asked = 0;
        var status = HttpStatusCode.ServiceUnavailable;
        var api = new ApiClient(new GatewayApi(new HttpClient(new Counting(() =>
        {
            asked++;
            return new HttpResponseMessage(status) { Content = new StringContent("""{"total":7,"goal":1000000}""", Encoding.UTF8, "application/json") };
        })) { BaseAddress = new Uri("http://gateway") }), NullLogger<ApiClient>.Instance);
        using var preview = new PreviewImage(clock);

        var withoutTotal = await preview.GetAsync(api, CancellationToken.None);
        status = HttpStatusCode.OK;
        var stillWithout = await preview.GetAsync(api, CancellationToken.None);
        clock.Now += PreviewImage.Retry;
        var first = await preview.GetAsync(api, CancellationToken.None);
        clock.Now += TimeSpan.FromSeconds(59);
        var again = await preview.GetAsync(api, CancellationToken.None);
        Assert.Equal(2, asked);

        status = HttpStatusCode.ServiceUnavailable;
        clock.Now += TimeSpan.FromSeconds(2);
        var duringOutage = await preview.GetAsync(api, CancellationToken.None);
        await preview.GetAsync(api, CancellationToken.None);

        Assert.Equal(3, asked);
        Assert.Same(withoutTotal, stillWithout);
        Assert.Equal(clock.Now - TimeSpan.FromSeconds(2) - TimeSpan.FromSeconds(59) + PreviewImage.Lifetime, first.FreshUntil);
        Assert.NotEqual(withoutTotal.Png, first.Png);
        Assert.Same(first, again);
        Assert.Same(first.Png, duringOutage.Png);
        Assert.Equal(clock.Now + PreviewImage.Retry, duringOutage.FreshUntil);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Counting(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer());
    }
}
