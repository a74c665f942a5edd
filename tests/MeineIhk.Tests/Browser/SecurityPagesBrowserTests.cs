using Microsoft.Playwright;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// "Anmeldeverlauf" (the own sign-in history) and the platform administrators' security event search, in German and
/// English: the content a person expects, no WCAG 2.1 AA violation axe-core finds, every control reachable by keyboard.
/// </summary>
public abstract class SecurityPagesBrowserTests(TestWorld world, BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "Anmelden", "Anmeldeverlauf", "Fehlgeschlagen: falsches Passwort")]
    [InlineData("en", "Log in", "Sign-in history", "Failed: wrong password")]
    public async Task The_sign_in_history_lists_own_attempts_and_passes_axe_and_the_keyboard_check(string locale, string loginButton, string title, string failure)
    {
        var userName = await world.CreateUserAsync();
        await new OidcTestClient(world).FailedLoginMessageAsync(userName, "Falsches-Passwort-1!");
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await LogInAsync(page, userName, loginButton);

        await page.GotoAsync(new Uri(world.ProviderUrl, "konto").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        for (var attempt = 0; attempt < 50 && await page.Locator("#sign-in-history tbody tr").CountAsync() < 2; attempt++)
        {
            await Task.Delay(100); // the trail is written in the background
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.Locator("#sign-in-history tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#sign-in-history tbody tr").Nth(1)).ToContainTextAsync(failure);
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    [Theory]
    [InlineData("de-DE", "Anmelden", "Anmeldung fehlgeschlagen")]
    [InlineData("en", "Log in", "Sign-in failed")]
    public async Task Platform_administrators_search_the_trail_by_keyboard_and_the_page_passes_axe(string locale, string loginButton, string failed)
    {
        var userName = await world.CreateUserAsync();
        await new OidcTestClient(world).FailedLoginMessageAsync(userName, "Falsches-Passwort-1!");
        var administrator = await world.CreatePersonAsync(PlatformRoles.Administrator);
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await LogInAsync(page, administrator, loginButton);

        await page.GotoAsync(new Uri(world.ProviderUrl, "plattform/sicherheitsereignisse").ToString());
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);

        await page.Locator("#person").FillAsync(userName);
        await page.Locator("#person").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("person=" + userName, StringComparison.Ordinal));
        for (var attempt = 0; attempt < 50 && await page.Locator("#trail-events tbody tr").CountAsync() == 0; attempt++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.Locator("#trail-events tbody tr").First).ToContainTextAsync(failed);
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    private async Task LogInAsync(IPage page, string userName, string loginButton)
    {
        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/anmelden", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityPagesBrowserTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : SecurityPagesBrowserTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class SecurityPagesBrowserTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : SecurityPagesBrowserTests(world, browser), IClassFixture<BrowserFixture>;
