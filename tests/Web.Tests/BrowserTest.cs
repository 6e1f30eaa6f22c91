using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>
/// A test in the browser collection: the pages it opened are closed when it ends. Playwright's Chromium does not
/// throttle pages in the background, so a page left open keeps its live counters and timers running for the rest of
/// the run (they were most of Chromium's CPU).
/// </summary>
public abstract class BrowserTest(BrowserFixture site) : IAsyncLifetime
{
    protected BrowserFixture Site { get; } = site;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Site.CloseTestPagesAsync();
}
