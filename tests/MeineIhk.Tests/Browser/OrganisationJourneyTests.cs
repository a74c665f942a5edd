using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberDirectory;
using MeineIhk.Tests.Features.Organisations.Activate;
using MeineIhk.Tests.Features.Organisations.CompanyData;
using MeineIhk.Tests.Features.Organisations.Register;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// Chapter 3 in Debian's chromium: request an organisation, the chamber approves (here: in the database), the
/// letter's password activates it; every page checked by axe-core (WCAG 2.1 AA) and for keyboard reachability.
/// </summary>
public abstract class OrganisationJourneyTests(TestWorld world, BrowserFixture browser)
{
    [Fact]
    public async Task A_user_requests_an_organisation_and_activates_it_with_the_letter()
    {
        var userName = await world.CreateUserAsync();
        var identnummer = TestDataBuilder.NewIdentnummer();
        var firmierung = "Journey " + identnummer + " GmbH";
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();
        await LogInAsync(page, userName);

        await page.GetByRole(AriaRole.Link, new() { Name = "Neue Organisation anlegen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Neue Organisation anlegen", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(page);

        // A mistake first, to see the errors accessibly.
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await CheckAsync(page);

        // The info tip: a disclosure button, its text describes the field.
        var tip = page.Locator("details:has(#Input_Identnummer-info) summary");
        await tip.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("details:has(#Input_Identnummer-info)")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(page.Locator("#Input_Identnummer-info")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Input_Identnummer-info")).ToContainTextAsync("Identnummer");
        await Assertions.Expect(page.Locator("#Input_Identnummer")).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("Input_Identnummer-info"));

        await page.Locator("#Input_Firmierung").FillAsync(firmierung);
        await page.Locator("#Input_Rechtsform").SelectOptionAsync("GmbH");
        await page.Locator("#Input_Strasse").FillAsync("Theaterstraße");
        await page.Locator("#Input_Hausnummer").FillAsync("12");
        await page.Locator("#Input_Plz").FillAsync("52062");
        await page.Locator("#Input_Ort").FillAsync("Aachen");
        await page.Locator("#Input_Identnummer").FillAsync(identnummer);
        await page.Locator("#Input_Begruendung").FillAsync("Wir bilden aus.");
        await Assertions.Expect(page.Locator("#Input_Begruendung-zaehler")).ToHaveTextAsync("Noch 285 Zeichen verfügbar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();

        await Assertions.Expect(page.GetByText("IHK Aachen (Kammernummer 101)")).ToBeVisibleAsync();
        await CheckAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag absenden" }).ClickAsync();
        await Assertions.Expect(page.GetByText("freigegeben").Or(page.GetByText("beantragt", new() { Exact = true }))).ToBeVisibleAsync();
        await CheckAsync(page);

        var password = await ApproveAsync(identnummer);
        await page.GotoAsync(world.ProviderUrl.ToString());
        await Assertions.Expect(page.GetByText("freigegeben – Brief unterwegs")).ToBeVisibleAsync();
        await CheckAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Organisation aktivieren" }).ClickAsync();
        await CheckAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aktivieren" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await CheckAsync(page);
        await page.GetByLabel("Identnummer", new() { Exact = true }).FillAsync(identnummer);
        await page.GetByLabel("IHK Kammernummer", new() { Exact = true }).FillAsync("101");
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aktivieren" }).ClickAsync();

        await Assertions.Expect(page.GetByText($"Die Organisation {firmierung} ist aktiviert.")).ToBeVisibleAsync();
        await CheckAsync(page);
        var manage = page.Url;
        foreach (var link in new[] { "Unternehmensdaten ändern", "Neues Organisationspasswort anfordern", "Organisation löschen" })
        {
            await page.GotoAsync(manage);
            await page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(link);
            await CheckAsync(page);
        }

        await page.GotoAsync(new Uri(world.ProviderUrl, "organisationen/geloescht").ToString());
        await CheckAsync(page);

        await page.GotoAsync(world.ProviderUrl.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Administration " + firmierung })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("(IHK Aachen): aktiv")).ToBeVisibleAsync();
        await CheckAsync(page);
    }

    [Fact]
    public async Task The_organisation_pages_pass_axe_in_English()
    {
        var (organisation, administrator) = await world.CreateActiveOrganisationAsync();
        await using var context = await browser.NewContextAsync("en");
        var page = await context.NewPageAsync();
        await LogInAsync(page, administrator, "Log in");

        foreach (var path in new[] { "organisationen/neu", "organisationen/aktivieren", $"organisationen/{organisation.Id}/daten", $"organisationen/{organisation.Id}/daten/aendern", $"organisationen/{organisation.Id}/neues-passwort", $"organisationen/{organisation.Id}/loeschen" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, path).ToString());
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await CheckAsync(page);
        }

        await page.GotoAsync(new Uri(world.ProviderUrl, "organisationen/neu").ToString());
        await Assertions.Expect(page.Locator("#Input_Begruendung-zaehler")).ToHaveTextAsync("300 characters left");
    }

    private async Task LogInAsync(IPage page, string userName, string button = "Anmelden")
    {
        await page.GotoAsync(world.ProviderUrl.ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Test");
    }

    private static async Task CheckAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    /// <summary>What the chamber side does on approval: the register entry, the approval and the letter.</summary>
    private Task<string> ApproveAsync(string identnummer) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Identnummer == identnummer);
            var entry = TestDataBuilder.RegisterEntry(organisation.ChamberId, identnummer, organisation.Firmierung);
            db.MemberRegister.Add(entry);
            var staff = await db.Users.SingleAsync(u => u.Id == organisation.RequestedByUserId);
            organisation.Approve(identnummer, staff.Id, DateTime.UtcNow);
            var issuer = services.GetRequiredService<ActivationLetterIssuer>();
            var letter = await issuer.IssueAsync(organisation, entry, ActivationLetterReason.Approval, staff, CancellationToken.None);
            await db.SaveChangesAsync();
            return issuer.RevealPassword(letter)!;
        });
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationJourneyTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : OrganisationJourneyTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class OrganisationJourneyTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : OrganisationJourneyTests(world, browser), IClassFixture<BrowserFixture>;
