using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.Testing;
using Microsoft.Playwright;
using Xunit;

namespace FlexPlatform.Web.Tests;

/// <summary>
/// The whole platform (web client included) and Debian's Chromium driven by Playwright: Playwright's
/// own browser download is unreachable here, so the harness installs the `chromium` package when missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    /// <summary>The organization's identity provider the console is configured with, beside mailed links.</summary>
    public TestIdentityProvider IdentityProvider { get; } = new();

    public const string IdentityProviderName = "Flex Workspace";

    // The shipped read limits (the other platforms lift them), so a test can see what spends a visitor's allowance.
    public PlatformFixture Platform { get; }

    public BrowserFixture() => Platform = new()
    {
        Configure = builder =>
        {
            builder.CreateResourceBuilder<ProjectResource>("gateway")
                .WithEnvironment("Gateway__ReadsPerMinute", ReadsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("Gateway__ReadsBurst", ReadsBurst.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Several console tests sign in as local development's first admin within the hour (5 links an hour shipped).
            builder.CreateResourceBuilder<ProjectResource>("web").WithEnvironment("Staff__LinksPerHour", "20")
                .WithEnvironment("Staff__OpenIdConnect__Authority", () => IdentityProvider.Authority)
                .WithEnvironment("Staff__OpenIdConnect__ClientId", TestIdentityProvider.ClientId)
                .WithEnvironment("Staff__OpenIdConnect__ClientSecret", TestIdentityProvider.ClientSecret)
                .WithEnvironment("Staff__OpenIdConnect__DisplayName", IdentityProviderName)
                .WithEnvironment("Staff__OpenIdConnect__RequireHttpsMetadata", "false");
        },
    };

    public const int ReadsPerMinute = 3000;

    public const int ReadsBurst = 600;

    public IBrowser Browser { get; private set; } = null!;

    public string SiteUrl => Platform.Gateway.BaseAddress!.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        await IdentityProvider.StartAsync();
        var platform = Platform.InitializeAsync();
        await ServerPackages.EnsureInstalledAsync("chromium", () => File.Exists(Chromium), CancellationToken.None);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        await platform;
        IdentityProvider.RedirectUri = $"{SiteUrl}/staff/sign-in/provider/callback";
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Platform.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }

    private readonly Dictionary<int, Task<IPage>> _reused = [];

    /// <summary>One page per width kept for every caller, for checks that only read pages: the browser keeps its compiled scripts.</summary>
    public Task<IPage> ReusedPageAsync(int width)
    {
        lock (_reused)
        {
            return _reused.TryGetValue(width, out var page) ? page : _reused[width] = NewReusedPageAsync(width);
        }
    }

    private readonly List<IBrowserContext> _opened = [];

    private async Task<IPage> NewReusedPageAsync(int width) => await (await NewContextAsync(width, 900, null)).NewPageAsync();

    /// <summary>A fresh page (its own cookies and cache, or those of a saved session) at a phone or desktop width, closed when the test ends.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string? storageState = null)
    {
        var context = await NewContextAsync(width, height, storageState);
        lock (_opened)
        {
            _opened.Add(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>Closes the pages the finished test opened (<see cref="BrowserTest"/>); reused ones stay.</summary>
    public async Task CloseTestPagesAsync()
    {
        IBrowserContext[] opened;
        lock (_opened)
        {
            opened = [.. _opened];
            _opened.Clear();
        }

        foreach (var context in opened)
        {
            await context.CloseAsync();
        }
    }

    private Task<IBrowserContext> NewContextAsync(int width, int height, string? storageState) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = SiteUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            StorageState = storageState,
        });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
