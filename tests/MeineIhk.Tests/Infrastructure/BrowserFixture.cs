using Microsoft.Playwright;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>) driven by Playwright, headless; no browser is ever downloaded.
/// Use as <c>IClassFixture&lt;BrowserFixture&gt;</c> (or a collection fixture) and open one context per test.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started (InitializeAsync).");

    public async Task InitializeAsync()
    {
        // Expectations wait as long as navigations may: a loaded CI machine is slow, not wrong.
        Assertions.SetDefaultExpectTimeout(30_000);

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's package 'chromium' (apt-get install --no-install-recommends chromium). " +
                "The browser tests never download a browser.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies and storage) with the given UI language; dispose it after the test.</summary>
    /// <summary>A fresh context; its time-outs allow for a 2-core CI machine running both storage worlds at once.</summary>
    public async Task<IBrowserContext> NewContextAsync(string locale = "de-DE")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, IgnoreHTTPSErrors = true });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
