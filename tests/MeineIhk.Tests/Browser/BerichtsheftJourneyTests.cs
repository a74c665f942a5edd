using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Browser;

/// <summary>The walking skeleton as a person meets it, in Debian's chromium: keyboard only, checked by axe-core.</summary>
public abstract class BerichtsheftJourneyTests(TestWorld world, BrowserFixture browser)
{
    [Fact]
    public async Task Azubi_logs_in_through_the_sample_app_by_keyboard_and_sees_the_Berichtsheft()
    {
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.SampleUrl.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anmelden" })).ToBeVisibleAsync();
        Assert.StartsWith(world.ProviderUrl.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
        await Accessibility.AssertNoWcagViolationsAsync(page);

        await TabUntilFocusedAsync(page, "Input.Username");
        await page.Keyboard.TypeAsync("azubi");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(TestWorld.Password);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Auszubildende(r)").First).ToBeVisibleAsync();
        Assert.StartsWith(world.SampleUrl.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("Spiel- und Spaß GmbH").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Bericht schreiben" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "Bericht schreiben" }))).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(world.SampleUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        await Accessibility.AssertNoWcagViolationsAsync(page);
    }

    [Fact]
    public async Task A_member_without_role_is_refused_with_an_explanation()
    {
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.SampleUrl.ToString());
        await page.GetByLabel("Benutzername", new() { Exact = true }).FillAsync("ohnerolle");
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(TestWorld.Password);
        var refusal = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync(),
            response => response.Url.TrimEnd('/') == world.SampleUrl.ToString().TrimEnd('/'));

        Assert.Equal(403, refusal.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Kein Zugang");
        await Assertions.Expect(page.GetByText("können diese Fachanwendung nicht nutzen", new() { Exact = false }).First).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
    }

    [Fact]
    public async Task The_login_page_is_complete_in_English()
    {
        await using var context = await browser.NewContextAsync("en");
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByLabel("Remember username")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
    }

    private static async Task TabUntilFocusedAsync(IPage page, string name)
    {
        for (var i = 0; i < 15; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.getAttribute('name')") == name)
            {
                return;
            }
        }

        Assert.Fail($"The field {name} cannot be reached with the Tab key.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BerichtsheftJourneyTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : BerichtsheftJourneyTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class BerichtsheftJourneyTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : BerichtsheftJourneyTests(world, browser), IClassFixture<BrowserFixture>;
