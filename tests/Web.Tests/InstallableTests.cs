using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace FlexPlatform.Web.Tests;

/// <summary>On a phone the site installs like an app, and what was visited opens offline; a token page never does.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InstallableTests(BrowserFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task The_manifest_names_the_app_with_its_icons_and_start_page()
    {
        var manifest = await Site.Platform.Gateway.GetAsync("/manifest.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        var app = await manifest.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal("standalone", app.GetProperty("display").GetString());
        Assert.Equal("#0a625d", app.GetProperty("theme_color").GetString());
        Assert.StartsWith("/", app.GetProperty("start_url").GetString(), StringComparison.Ordinal);
        foreach (var icon in app.GetProperty("icons").EnumerateArray())
        {
            using var image = await Site.Platform.Gateway.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            using var bitmap = SkiaSharp.SKBitmap.Decode(await image.Content.ReadAsByteArrayAsync());
            Assert.Equal(icon.GetProperty("sizes").GetString(), $"{bitmap.Width}x{bitmap.Height}");
        }
    }

    [Fact]
    public async Task Offline_the_pages_visited_open_with_their_last_total_and_a_token_page_is_never_kept()
    {
        var page = await Site.NewPageAsync(390, 844);
        await page.GotoAsync("/");
        // Controlled by the worker from here on; the first visit is fetched again so the worker keeps it.
        await page.EvaluateAsync("Promise.race([navigator.serviceWorker.ready, new Promise((_, no) => setTimeout(() => no(new Error('no service worker')), 15000))])");
        await page.ReloadAsync();
        // The total the kept copy was rendered with (the live page may have moved on since), once it is kept.
        await page.WaitForFunctionAsync("caches.open('flex-v1').then(c => c.match('/')).then(r => r !== undefined)");
        var kept = await page.EvaluateAsync<string>("caches.open('flex-v1').then(c => c.match('/')).then(r => r.text())");
        var total = System.Text.RegularExpressions.Regex.Match(kept, "data-total[^>]*>([^<]+)<").Groups[1].Value;
        Assert.Matches(@"^[\d,]+$", total);
        await page.GotoAsync("/petitions");
        var tokenPage = $"/confirm?token={Guid.NewGuid():N}";
        await page.GotoAsync(tokenPage);
        var keptUrls = await page.EvaluateAsync<string[]>("caches.open('flex-v1').then(c => c.keys()).then(k => k.map(r => r.url))");
        Assert.DoesNotContain(keptUrls, u => u.Contains("token=", StringComparison.Ordinal) || u.Contains("/api/", StringComparison.Ordinal));

        await page.Context.SetOfflineAsync(true);

        await page.GotoAsync("/");
        await Expect(page.Locator("[data-live-count] [data-total]")).ToHaveTextAsync(total);
        await page.GotoAsync("/petitions");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Petitions");
        await page.GotoAsync(tokenPage);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are offline" })).ToBeVisibleAsync();
        await page.GotoAsync("/stories");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are offline" })).ToBeVisibleAsync();
        await page.Context.SetOfflineAsync(false);
    }
}
