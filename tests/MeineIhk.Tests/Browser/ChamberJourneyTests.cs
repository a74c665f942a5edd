using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberStaff.Letters;
using MeineIhk.Tests.Features.ChamberStaff.MemberRegister;
using MeineIhk.Tests.Features.ChamberStaff.Review;
using MeineIhk.Tests.Features.Operations;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>Chamber staff in Debian's chromium: review a request, approve it, print the letter; every chamber page checked by axe-core and the keyboard.</summary>
public abstract class ChamberJourneyTests(TestWorld world, BrowserFixture browser)
{
    [Fact]
    public async Task Staff_review_a_request_approve_it_and_download_the_letter()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("3101", "Reise Werkstatt GmbH", management: "Frau Rita Reise");
        var (requestId, _) = await scenario.CreateRequestAsync("Reise Werkstatt GmbH", hausnummer: "5b");
        var changeId = await CreateDataChangeAsync(scenario);
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();
        await LoginAsync(page, await scenario.CreateStaffAsync(), "Anmelden");

        await page.GetByRole(AriaRole.Link, new() { Name = "Kammer: Anträge prüfen und Briefe versenden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anträge prüfen", Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Prüfen Reise Werkstatt GmbH" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr.differs")).ToContainTextAsync("abweichend");
        await CheckAsync(page);

        // A rejection without a reason shows the error accessibly and changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ablehnen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Freigeben und Aktivierungsbrief erstellen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ist freigegeben");

        await page.GetByRole(AriaRole.Link, new() { Name = "Briefausgang (1 Brief nicht versendet)" }).ClickAsync();
        await CheckAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Herunterladen Reise Werkstatt GmbH" }).ClickAsync());
        var text = Assert.Single(ChamberScenario.PdfPages(await File.ReadAllBytesAsync((await download.PathAsync())!)));
        var (_, password) = Assert.Single(await scenario.LettersAsync(requestId));
        Assert.Contains(password!, text, StringComparison.Ordinal);
        Assert.Contains("Frau Rita Reise", text, StringComparison.Ordinal);

        await page.GotoAsync(new Uri(world.ProviderUrl, $"kammer/aenderungen/{changeId}").ToString());
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Datenänderung prüfen");
        await CheckAsync(page);

        await page.GotoAsync(new Uri(world.ProviderUrl, "kammer/verzeichnis").ToString());
        await CheckAsync(page);
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "verzeichnis.csv", MimeType = "text/csv", Buffer = ChamberScenario.Csv("3102;Fehler GmbH;GmbH;Weg;1;1;Köln;;;;;;;;"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Verzeichnis einlesen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".register-errors")).ToContainTextAsync("Zeile 2, Spalte „PLZ“");
        await Accessibility.AssertNoWcagViolationsAsync(page);
    }

    [Fact]
    public async Task Every_chamber_page_passes_axe_and_the_keyboard_check_in_English()
    {
        var scenario = await ChamberScenario.CreateAsync(world);
        await scenario.AddRegisterEntryAsync("3201", "English Review Ltd GmbH");
        var (requestId, _) = await scenario.CreateRequestAsync("English Review Ltd GmbH", hausnummer: "7");
        var changeId = await CreateDataChangeAsync(scenario);
        await using var context = await browser.NewContextAsync("en");
        var page = await context.NewPageAsync();
        await LoginAsync(page, await scenario.CreateStaffAsync(), "Log in");

        foreach (var path in new[] { "kammer", $"kammer/antraege/{requestId}", $"kammer/aenderungen/{changeId}", "kammer/briefe", "kammer/verzeichnis" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, path).ToString());
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await CheckAsync(page);
        }
    }

    private static async Task CheckAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    private async Task LoginAsync(IPage page, string userName, string loginButton)
    {
        await page.GotoAsync(world.ProviderUrl.ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    private static async Task<Guid> CreateDataChangeAsync(ChamberScenario scenario)
    {
        var administrator = await scenario.World.CreateUserAsync("admin");
        return await scenario.World.WithDatabaseAsync(async (db, _) =>
        {
            var organisation = new Organisation
            {
                CreatedAt = scenario.World.Now,
                Firmierung = "Umzug GmbH", Rechtsform = "GmbH", Strasse = "Altweg", Hausnummer = "1", Plz = "50667", Ort = "Köln",
                Identnummer = "U" + Guid.NewGuid().ToString("N")[..6], ChamberId = scenario.Chamber.Id, Status = OrganisationStatus.Active,
            };
            var user = await db.Users.SingleAsync(u => u.UserName == administrator);
            organisation.AddMember(user, isAdministrator: true, scenario.World.Now);
            var change = new OrganisationDataChange
            {
                Organisation = organisation, Firmierung = "Umzug GmbH", Rechtsform = "GmbH", Strasse = "Neuweg", Hausnummer = "2", Plz = "50667", Ort = "Köln",
                RequestedByUserId = user.Id, RequestedAt = DateTime.UtcNow,
            };
            db.Organisations.Add(organisation);
            db.OrganisationDataChanges.Add(change);
            await db.SaveChangesAsync();
            return change.Id;
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChamberJourneyTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : ChamberJourneyTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ChamberJourneyTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : ChamberJourneyTests(world, browser), IClassFixture<BrowserFixture>;
