using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>"Daten ändern" with further e-mail addresses (issue 18), in German and English: axe-core clean, reachable by keyboard.</summary>
public abstract class AccountEmailBrowserTests(TestWorld world, BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "Anmelden", "Adresse hinzufügen", "Wir haben einen Bestätigungslink an")]
    [InlineData("en", "Log in", "Add address", "We have sent a confirmation link to")]
    public async Task A_further_address_is_added_from_the_account_page_which_passes_axe_and_the_keyboard_check(
        string locale, string loginButton, string addButton, string sent)
    {
        var userName = await world.CreateUserAsync();
        var confirmed = "bestaetigt-" + userName + "@example.org";
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            db.AdditionalEmails.Add(new() { UserId = user.Id, Address = confirmed, NormalizedAddress = confirmed.ToUpperInvariant(), ConfirmedAt = world.Now, CreatedAt = world.Now });
            await db.SaveChangesAsync();
        });
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(world.ProviderUrl, "konto").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/konto", StringComparison.Ordinal));

        await Assertions.Expect(page.Locator("ul.further-addresses")).ToContainTextAsync(confirmed);
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);

        var added = "neu-" + userName + "@example.org";
        await page.Locator("#Further_Email").FillAsync(added);
        await page.Locator("#Further_CurrentPassword").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = addButton, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync(sent + " " + added);
        await Assertions.Expect(page.Locator("ul.further-addresses")).ToContainTextAsync(added);
        await Accessibility.AssertNoWcagViolationsAsync(page);

        // The page with errors: a wrong password on the removal of an address.
        await page.Locator($"#remove-{await AddressIdAsync(confirmed)}").FillAsync("Falsch-1234!");
        await page.Locator($"#remove-{await AddressIdAsync(confirmed)}").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
    }

    private Task<Guid> AddressIdAsync(string address) =>
        world.QueryAsync(db => db.AdditionalEmails.Where(e => e.Address == address).Select(e => e.Id).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class AccountEmailBrowserTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : AccountEmailBrowserTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class AccountEmailBrowserTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : AccountEmailBrowserTests(world, browser), IClassFixture<BrowserFixture>;
