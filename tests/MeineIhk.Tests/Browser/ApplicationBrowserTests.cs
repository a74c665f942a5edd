using MeineIhk.IdentityProvider.Domain;
using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Browser;

/// <summary>The developer's journey and the platform pages in Debian's chromium: every new page checked by axe-core and the keyboard.</summary>
public abstract class ApplicationBrowserTests(TestWorld world, BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("en", "en")]
    public async Task A_developer_registers_an_application_and_every_page_on_the_way_is_accessible(string locale, string language)
    {
        var developer = await world.CreatePersonAsync(PlatformRoles.Developer);
        var clientId = ApplicationPages.NewClientId();
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await LogInAsync(page, developer);

        // Dashboard → tile → list → "register".
        await page.Locator("a.tile[href='/anwendungen']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await AssertAccessibleAsync(page);
        await page.Locator("main a[href='/anwendungen/neu']").ClickAsync();
        await AssertAccessibleAsync(page);

        // Sent empty: the error summary, the fields marked.
        await page.Locator("#application-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.Locator("#Input_DisplayNameDe").FillAsync("Browserportal");
        await page.Locator("#Input_DisplayNameEn").FillAsync("Browser portal");
        await page.Locator("#Input_ClientId").FillAsync(clientId);
        await page.Locator("#Input_RedirectUris").FillAsync("https://browser.example.de/signin-oidc");
        await page.Locator("input[name='Input.Scopes'][value='ihk.org']").CheckAsync();
        await page.Locator("#application-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#client-secret")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ihkcs_"));
        await AssertAccessibleAsync(page);

        foreach (var path in new[] { "", "/geheimnisse", "/rollen" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, $"anwendungen/{clientId}{path}").ToString());
            await AssertAccessibleAsync(page);
        }

        await page.Locator("#Role_Key").FillAsync("leser");
        await page.Locator("#Role_DisplayNameDe").FillAsync("Leser(in)");
        await page.Locator("#Role_DisplayNameEn").FillAsync("Reader");
        await page.Locator("#add-role-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#roles")).ToContainTextAsync("leser");
        await AssertAccessibleAsync(page);
        foreach (var path in new[] { "/rollen/leser", "/rollen/leser/entfernen" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, $"anwendungen/{clientId}{path}").ToString());
            await AssertAccessibleAsync(page);
        }

        // A new secret shown once, then the revocation's confirmation.
        await page.GotoAsync(new Uri(world.ProviderUrl, $"anwendungen/{clientId}/geheimnisse").ToString());
        await page.Locator("#rotate-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#client-secret")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ihkcs_"));
        await AssertAccessibleAsync(page);
        await page.Locator("#secrets a[href*='widerrufen=']").First.ClickAsync();
        await Assertions.Expect(page.Locator("#revoke-form")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        // The platform administrator's pages.
        var administrator = await world.CreatePersonAsync(PlatformRoles.Administrator);
        await using var adminContext = await browser.NewContextAsync(locale);
        page = await adminContext.NewPageAsync();
        await LogInAsync(page, administrator);
        await page.Locator("a.tile[href='/plattform']").ClickAsync();
        await Assertions.Expect(page.Locator("#pending")).ToContainTextAsync(clientId);
        await AssertAccessibleAsync(page);
        await page.GotoAsync(new Uri(world.ProviderUrl, "plattform?sperren=" + clientId).ToString());
        await Assertions.Expect(page.Locator("#disable-form")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync(new Uri(world.ProviderUrl, "plattform/entwickler").ToString());
        await Assertions.Expect(page.Locator("#developers")).ToContainTextAsync(developer);
        await AssertAccessibleAsync(page);
    }

    /// <summary>Re-review (issue 15): the pending change on the developer's and the administrator's pages, axe-clean and keyboard-reachable.</summary>
    [Fact]
    public async Task A_pending_change_is_shown_accessibly_to_its_developer_and_approved_on_the_page_by_a_platform_administrator()
    {
        var developer = await world.CreatePersonAsync(PlatformRoles.Developer);
        var clientId = ApplicationPages.NewClientId();
        using (var http = await world.LoggedInAsync(developer))
        {
            (await http.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        }

        var administrator = await world.CreatePersonAsync(PlatformRoles.Administrator);
        using (var http = await world.LoggedInAsync(administrator))
        {
            await http.ApproveAsync(clientId);
        }

        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();
        await LogInAsync(page, developer);
        await page.GotoAsync(new Uri(world.ProviderUrl, "anwendungen/" + clientId).ToString());
        await page.Locator("#Input_RedirectUris").FillAsync(ApplicationPages.RedirectUri + "\nhttp://127.0.0.1:9/neu/signin-oidc");
        await page.Locator("#settings-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("freigibt");
        await Assertions.Expect(page.Locator("#pending-change .requested")).ToContainTextAsync("/neu/signin-oidc");
        await AssertAccessibleAsync(page);

        await using var adminContext = await browser.NewContextAsync("de-DE");
        page = await adminContext.NewPageAsync();
        await LogInAsync(page, administrator);
        await page.GotoAsync(new Uri(world.ProviderUrl, "plattform").ToString());
        await Assertions.Expect(page.Locator("#pending-changes")).ToContainTextAsync(clientId);
        await AssertAccessibleAsync(page);
        await page.Locator($"#pending-changes a[href='/anwendungen/{clientId}#pending-change']").ClickAsync();
        await Assertions.Expect(page.Locator("#approve-change-form")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.Locator("#approve-change-form button").ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("freigegeben");
        await Assertions.Expect(page.Locator("#pending-change")).ToHaveCountAsync(0);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    private async Task LogInAsync(IPage page, string userName)
    {
        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.Locator("#Input_Password").PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApplicationBrowserTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : ApplicationBrowserTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ApplicationBrowserTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : ApplicationBrowserTests(world, browser), IClassFixture<BrowserFixture>;
