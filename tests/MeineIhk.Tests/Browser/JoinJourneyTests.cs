using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.Join;
using MeineIhk.Tests.Features.Organisations.MembershipRequests;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// Chapter 5 and 6 in chromium: a user joins an organisation by its data, its administrator takes the
/// request and approves it. Every page on the way passes axe (WCAG 2.1 AA) and the keyboard check.
/// </summary>
public abstract class JoinJourneyTests(TestWorld world, BrowserFixture browser)
{
    [Fact]
    public async Task A_user_joins_by_the_organisations_data_and_the_administrator_approves()
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();

        await using var userContext = await browser.NewContextAsync("de-DE");
        var user = await userContext.NewPageAsync();
        await LogInAsync(user, userName);
        await user.GetByRole(AriaRole.Link, new() { Name = "Organisation beitreten", Exact = true }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Organisation beitreten");
        await CheckAsync(user);

        // A near miss first: the helpful message, and the page stays accessible with its errors.
        await user.GetByLabel("Firmierung", new() { Exact = true }).FillAsync(organisation.Firmierung + " & Co.");
        await user.GetByLabel("Straße", new() { Exact = true }).FillAsync(organisation.Strasse);
        await user.GetByLabel("Hausnummer", new() { Exact = true }).FillAsync(organisation.Hausnummer);
        await user.GetByLabel("PLZ", new() { Exact = true }).FillAsync(organisation.Plz);
        await user.Locator("#Input_Reason").FillAsync("Ich bin Auszubildende.");
        await user.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        await Assertions.Expect(user.Locator(".error-summary")).ToContainTextAsync("keine Organisation gefunden");
        await Assertions.Expect(user.GetByText("anhand des Impressums Ihres Unternehmens", new() { Exact = false })).ToBeVisibleAsync();
        await CheckAsync(user);

        await user.GetByLabel("Firmierung", new() { Exact = true }).FillAsync(organisation.Firmierung.ToLowerInvariant());
        await user.GetByLabel("Identnummer (optional)").FillAsync(organisation.Identnummer);
        await user.GetByLabel("Auszubildende(r)").CheckAsync();

        // The counter follows the typing (script) and is announced politely.
        await user.Locator("#Input_Reason").FillAsync("");
        await user.Locator("#Input_Reason").PressSequentiallyAsync("Ich führe mein Berichtsheft.");
        await Assertions.Expect(user.Locator("#Input_Reason-zaehler")).ToHaveTextAsync("Noch 472 Zeichen verfügbar");
        await Assertions.Expect(user.Locator("#Input_Reason-zaehler")).ToHaveAttributeAsync("aria-live", "polite");
        await user.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Status)).ToContainTextAsync("Ihre Beitrittsanfrage an " + organisation.Firmierung + " ist gestellt");
        await CheckAsync(user);

        await using var adminContext = await browser.NewContextAsync("de-DE");
        var admin = await adminContext.NewPageAsync();
        await LogInAsync(admin, organisation.AdminUserName);
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Benachrichtigungen (1 ungelesen)" })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = $"Beitrittsanfragen – {organisation.Firmierung} (1 offen)" }).ClickAsync();
        await CheckAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Mir zuweisen – " + userName }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Die Anfrage ist Ihnen zugewiesen");
        await CheckAsync(admin);
        await admin.Locator("#beitrittsanfragen-meine").GetByRole(AriaRole.Link, new() { Name = "Anfrageinformationen – " + userName }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Beitrittsanfrage");
        await Assertions.Expect(admin.Locator("#beitrittsgrund")).ToHaveTextAsync("Ich führe mein Berichtsheft.");
        await CheckAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "genehmigen" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Die Anfrage von {userName} ist genehmigt.");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Benachrichtigungen", Exact = false }).ClickAsync();
        await Assertions.Expect(admin.GetByText($"Neue Beitrittsanfrage an {organisation.Firmierung}", new() { Exact = false })).ToBeVisibleAsync();
        await CheckAsync(admin);

        // The new member sees the organisation and the role, and the pages to ask for more or to leave.
        await user.GotoAsync(new Uri(world.ProviderUrl, "organisationen").ToString());
        await Assertions.Expect(user.GetByText("Digitales Berichtsheft: Auszubildende(r)")).ToBeVisibleAsync();
        await CheckAsync(user);
        await user.GetByRole(AriaRole.Link, new() { Name = "Rollenanfrage stellen – " + organisation.Firmierung }).ClickAsync();
        await CheckAsync(user);
        await user.GotoAsync(new Uri(world.ProviderUrl, "organisationen").ToString());
        await user.GetByRole(AriaRole.Link, new() { Name = "Aus Organisation austreten – " + organisation.Firmierung }).ClickAsync();
        await CheckAsync(user);
        await user.GetByRole(AriaRole.Link, new() { Name = "Benachrichtigungen (1 ungelesen)" }).ClickAsync();
        await Assertions.Expect(user.GetByText($"Ihre Beitrittsanfrage an {organisation.Firmierung} wurde genehmigt.", new() { Exact = false })).ToBeVisibleAsync();
        await CheckAsync(user);
    }

    [Fact]
    public async Task The_request_pages_pass_axe_in_English()
    {
        var organisation = await world.CreateOrganisationAsync();
        await using var context = await browser.NewContextAsync("en");
        var page = await context.NewPageAsync();
        await LogInAsync(page, organisation.AdminUserName, "Log in");
        foreach (var path in new[] { "organisationen/beitreten", "organisationen", $"organisationen/{organisation.Id}/anfragen", $"organisationen/{organisation.Id}/rolle-anfragen", $"organisationen/{organisation.Id}/verlassen", "benachrichtigungen" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, path).ToString());
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await CheckAsync(page);
        }
    }

    private async Task LogInAsync(IPage page, string userName, string button = "Anmelden")
    {
        await page.GotoAsync(world.ProviderUrl.ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    private static async Task CheckAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class JoinJourneyTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : JoinJourneyTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class JoinJourneyTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : JoinJourneyTests(world, browser), IClassFixture<BrowserFixture>;
