using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// In Debian's chromium: the support console, the chamber staff administration, the colleagues page and "Meine
/// gespeicherten Daten" (axe-core and keyboard, German and English); and "Zugang anfragen" from the sample
/// application's refusal page through the administrator's approval to a login that works.
/// </summary>
public abstract class SupportJourneyTests(TestWorld world, BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "Anmelden", "Nutzerunterstützung", "IHK-Mitarbeiter verwalten", "Kolleginnen und Kollegen", "Meine gespeicherten Daten")]
    [InlineData("en", "Log in", "User support", "Manage chamber staff", "Colleagues", "My stored data")]
    public async Task The_support_and_staff_pages_pass_axe_and_the_keyboard_check(
        string locale, string loginButton, string support, string staffAdministration, string colleagues, string stored)
    {
        var target = await world.CreateMemberAsync(ApplicationPages.Organisation, TestWorld.SampleClientId, "auszubildender");
        var targetId = await world.UserIdAsync(target);
        await world.WithDatabaseAsync(db => db.Users.Where(u => u.Id == targetId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.MaxValue).SetProperty(x => x.EmailConfirmed, false)));
        var adminName = await world.CreatePersonAsync(PlatformRoles.Administrator);
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await LoginAsync(page, adminName, loginButton);

        await page.GotoAsync(new Uri(world.ProviderUrl, "plattform").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = support, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(support);
        await page.Locator("#suche").FillAsync(target);
        await page.Locator("#suche").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync(target);
        await CheckAsync(page);

        await page.Locator("#results a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#memberships")).ToContainTextAsync(ApplicationPages.Organisation);
        await CheckAsync(page);
        await page.Locator("#unlock-form button").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(target);
        await Assertions.Expect(page.Locator("#unlock-form")).ToHaveCountAsync(0);
        await CheckAsync(page);

        await page.GotoAsync(new Uri(world.ProviderUrl, "plattform").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = staffAdministration, Exact = true }).ClickAsync();
        await page.Locator("#ChamberId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#NameOrEmail").FillAsync(adminName);
        await page.Locator("#grant-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#staff")).ToContainTextAsync(adminName);
        await CheckAsync(page);

        // A refused form shows its errors accessibly.
        await page.Locator("#NameOrEmail").FillAsync("niemand-" + Guid.NewGuid().ToString("N"));
        await page.Locator("#grant-form button").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);

        await page.GotoAsync(new Uri(world.ProviderUrl, "kammer").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = colleagues, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#colleagues")).ToContainTextAsync(adminName);
        await CheckAsync(page);

        await page.GotoAsync(world.ProviderUrl.ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = stored, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(stored);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(adminName);
        await CheckAsync(page);
    }

    [Fact]
    public async Task A_member_without_role_asks_for_access_from_the_sample_app_and_after_approval_the_next_login_works()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync("zugang");
        await world.AddMemberAsync(organisation.Id, member);
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();

        await page.GotoAsync(world.SampleUrl.ToString());
        await page.Locator("#Input_Username").FillAsync(member);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Kein Zugang");
        await Accessibility.AssertNoWcagViolationsAsync(page);

        // The link names this organisation and this application; the provider's form offers only its roles.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Zugang anfragen" });
        Assert.Equal(new Uri(world.ProviderUrl, $"organisationen/{organisation.Id}/rolle-anfragen?client={TestWorld.SampleClientId}").ToString(), await link.GetAttributeAsync("href"));
        await link.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(organisation.Firmierung);
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await page.GetByLabel("Auszubildende(r)", new() { Exact = false }).First.CheckAsync();
        await page.GetByLabel("Begründung", new() { Exact = false }).FillAsync("Ich beginne meine Ausbildung.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anfrage senden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync(organisation.Firmierung);

        await using (var adminContext = await browser.NewContextAsync("de-DE"))
        {
            var admin = await adminContext.NewPageAsync();
            var request = (await world.RequestOfAsync(organisation.Id, member))!;
            await admin.GotoAsync(new Uri(world.ProviderUrl, $"organisationen/{organisation.Id}/anfragen/{request.Id}").ToString());
            await admin.Locator("#Input_Username").FillAsync(organisation.AdminUserName);
            await admin.Locator("#Input_Password").FillAsync(TestWorld.Password);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
            await admin.Locator("#decision-form button[value=approve]").ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();
        }

        Assert.Equal(["auszubildender"], await world.RolesOfAsync(organisation.Id, member));
        await context.ClearCookiesAsync();
        await page.GotoAsync(world.SampleUrl.ToString());
        await page.Locator("#Input_Username").FillAsync(member);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Auszubildende(r)").First).ToBeVisibleAsync();
        Assert.StartsWith(world.SampleUrl.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
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
}

[Collection(SqliteCollection.Name)]
public sealed class SupportJourneyTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : SupportJourneyTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class SupportJourneyTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : SupportJourneyTests(world, browser), IClassFixture<BrowserFixture>;
