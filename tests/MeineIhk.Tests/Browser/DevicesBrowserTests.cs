using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.Playwright;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// "Angemeldete Geräte" in Debian's chromium: two browser contexts of one person; the first ends the other's session
/// (keyboard only), the other is logged out at the provider and application B gets its back-channel logout. axe-core
/// and the keyboard check in German and English (ASVS 5.0 V7.5.2; WCAG 2.1 AA).
/// </summary>
public abstract class DevicesBrowserTests(SessionsWorld sessions, BrowserFixture browser)
{
    private TestWorld World => sessions.World;

    [Theory]
    [InlineData("de-DE", "Anmelden", "Angemeldete Geräte", "Dieses Gerät")]
    [InlineData("en", "Log in", "Signed-in devices", "This device")]
    public async Task Ending_the_other_device_logs_it_out_and_its_application_hears_of_it(string locale, string loginButton, string title, string current)
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.SecondClientId}:auszubildender");
        var userId = await sessions.UserIdAsync(userName);
        await using var otherContext = await browser.NewContextAsync(locale);
        var other = await otherContext.NewPageAsync();
        await other.GotoAsync(sessions.SampleBUrl.ToString());
        await LoginAsync(other, userName, loginButton);
        await other.WaitForURLAsync(url => url.StartsWith(sessions.SampleBUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));

        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(World.ProviderUrl, "anmelden").ToString());
        await LoginAsync(page, userName, loginButton);
        await page.WaitForURLAsync(url => !url.Contains("/anmelden", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(World.ProviderUrl, "konto/geraete").ToString());

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li.device[data-current='true']")).ToContainTextAsync(current);
        await Assertions.Expect(page.Locator("li.device[data-current='false']")).ToContainTextAsync(SessionsWorld.SecondClientId);
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);

        await page.EvaluateAsync("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }");
        await TabUntilAsync(page, "li.device[data-current='false'] button");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("li.device")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("p.notice[role='status']")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.SecondClientId, BackChannelLogoutReason.SessionEnded), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
        await other.GotoAsync(new Uri(World.ProviderUrl, "konto").ToString());
        await other.WaitForURLAsync(url => url.Contains("/anmelden", StringComparison.Ordinal));
        await other.GotoAsync(sessions.SampleBUrl.ToString()); // B ended its own session on the notice: back to the provider's login
        await other.WaitForURLAsync(url => url.Contains("/anmelden", StringComparison.Ordinal));
    }

    private static async Task LoginAsync(IPage page, string userName, string loginButton)
    {
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
    }

    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => document.activeElement && document.activeElement.matches(\"{selector}\")"))
            {
                return;
            }
        }

        Assert.Fail($"'{selector}' is not reachable by keyboard.");
    }
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class DevicesBrowserTestsOnSqlite(SqliteSessionsWorld sessions, BrowserFixture browser)
    : DevicesBrowserTests(sessions, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class DevicesBrowserTestsOnPostgreSql(PostgreSqlSessionsWorld sessions, BrowserFixture browser)
    : DevicesBrowserTests(sessions, browser), IClassFixture<BrowserFixture>;
