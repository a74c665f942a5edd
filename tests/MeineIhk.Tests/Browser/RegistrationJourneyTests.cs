using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Browser;

/// <summary>Chapter 2 in Debian's chromium: registration → mail → confirmation → login, each page checked by axe-core.</summary>
public abstract partial class RegistrationJourneyTests(TestWorld world, BrowserFixture browser)
{
    [Fact]
    public async Task A_person_registers_confirms_the_mail_and_logs_in()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var (userName, email, password) = ("journey" + id, $"journey{id}@example.org", "Sonnen-Blume-42!");
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Jetzt registrieren" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrierung", Exact = true })).ToBeVisibleAsync();

        await Keyboard.AssertEveryControlReachableAsync(page);

        // First a mistake, to see the errors accessibly.
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        await page.GetByLabel("Frau").CheckAsync();
        await page.GetByLabel("Vorname", new() { Exact = true }).FillAsync("Erika");
        await page.GetByLabel("Nachname", new() { Exact = true }).FillAsync("Mustermann");
        await page.GetByLabel("E-Mail-Adresse", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("E-Mail-Adresse wiederholen", new() { Exact = true }).FillAsync(email);
        await page.Locator("#Input_UserName").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("#Input_PasswordRepeat").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Widerrufsrecht bei Einwilligung")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
        await page.GetByLabel("Ich akzeptiere die Informationspflichten.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrierung abschicken" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrierung abschließen" })).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        var mail = (await world.Smtp.WaitForAsync(email)).Single();
        await page.GotoAsync(ConfirmLink().Match(mail.TextBody ?? string.Empty).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "E-Mail-Adresse bestätigen" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Ihre E-Mail-Adresse ist bestätigt")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Zur Anmeldung" }).ClickAsync();
        await page.GetByLabel("Benutzername", new() { Exact = true }).FillAsync(userName);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Erika Mustermann");
    }

    [GeneratedRegex(@"http://\S+/email-bestaetigen\S+")]
    private static partial Regex ConfirmLink();
}

[Collection(SqliteCollection.Name)]
public sealed class RegistrationJourneyTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : RegistrationJourneyTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class RegistrationJourneyTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : RegistrationJourneyTests(world, browser), IClassFixture<BrowserFixture>;
