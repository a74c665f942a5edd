using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Browser;

/// <summary>Every page of the provider, in German and English, without a WCAG 2.1 AA violation axe-core can find.</summary>
public abstract class ProviderPagesAccessibilityTests(TestWorld world, BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("en", "en")]
    public async Task Every_anonymous_page_passes_axe_and_the_keyboard_check(string locale, string language)
    {
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        foreach (var path in new[] { "registrieren", "registrieren/fertig", "bestaetigung-erneut-senden", "email-bestaetigen?user=x&code=y", "passwort-vergessen", "passwort-zuruecksetzen?user=x&code=y", "email-aenderung-widerrufen?token=x", "fehler/404", "abmelden", "anmelden",
                     "informationspflichten", "nutzungshinweise", "support", "kontakt", "datenschutz", "impressum" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, path).ToString());
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Accessibility.AssertNoWcagViolationsAsync(page);
            await Keyboard.AssertEveryControlReachableAsync(page);
        }
    }

    [Theory]
    [InlineData("de-DE", "Anmelden")]
    [InlineData("en", "Log in")]
    public async Task Every_signed_in_page_passes_axe_and_the_keyboard_check(string locale, string loginButton)
    {
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        // The organisation chooser, reached through the sample app as a trainer of two organisations.
        await page.GotoAsync(world.SampleUrl.ToString());
        await page.Locator("#Input_Username").FillAsync("ausbilder");
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/connect/authorize/organisation", StringComparison.Ordinal));
        await Accessibility.AssertNoWcagViolationsAsync(page);

        // The dashboard and the self-service pages of chapter 7.
        await page.GotoAsync(world.ProviderUrl.ToString());
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Bernd Ausbilder");
        await Accessibility.AssertNoWcagViolationsAsync(page);
        foreach (var path in new[] { "konto", "konto/passwort", "konto/sperren", "konto/loeschen", "entsperren?user=x&code=y", "email-aenderung-bestaetigen?user=x&email=a@example.org&code=y", "dev/postfach" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, path).ToString());
            await Accessibility.AssertNoWcagViolationsAsync(page);
            await Keyboard.AssertEveryControlReachableAsync(page);
        }

        // The refusal of a "role required" application (the trainer holds no role for it).
        using var pruefung = new OidcTestClient(world, "pruefungsanmeldung", clientSecret: null, new Uri("http://localhost:5003/signin-oidc"));
        var refusal = await page.GotoAsync(pruefung.AuthorizeUrl("openid profile ihk.org").ToString());
        Assert.Equal(403, refusal!.Status);
        Assert.Contains("/connect/authorize/no-role", page.Url, StringComparison.Ordinal);
        await Accessibility.AssertNoWcagViolationsAsync(page);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProviderPagesAccessibilityTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : ProviderPagesAccessibilityTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ProviderPagesAccessibilityTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : ProviderPagesAccessibilityTests(world, browser), IClassFixture<BrowserFixture>;
