using Microsoft.Playwright;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations;
using MeineIhk.Tests.Features.Organisations.Invitations;
using MeineIhk.Tests.Features.Organisations.Members;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Browser;

/// <summary>Chapters 4 and 6 in Debian's chromium: the administrator's journey, and every new page checked by axe-core and the keyboard.</summary>
public abstract class AdministrationBrowserTests(TestWorld world, BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_opens_the_members_gives_a_role_with_Ja_and_invites_a_user()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        await using var context = await browser.NewContextAsync("de-DE");
        var page = await context.NewPageAsync();
        await LogInAsync(page, organisation.AdminUserName, "Anmelden");

        // Dashboard → "Administration" → "Organisationsmitglieder".
        await page.GetByRole(AriaRole.Link, new() { Name = "Administration " + organisation.Firmierung }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(organisation.Firmierung);
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Organisationsmitglieder" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Organisationsmitglieder" })).ToBeVisibleAsync();

        // "+" at the member opens the roles of every Fachanwendung; by keyboard.
        var entry = page.Locator($"#mitglied-{membershipId:N}");
        await entry.Locator("> details > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(entry.Locator("> details")).ToHaveAttributeAsync("open", "");
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await entry.Locator("fieldset.radio-group", new() { HasText = "Auszubildende(r)" }).GetByLabel("Ja").CheckAsync();
        await entry.GetByRole(AriaRole.Button, new() { Name = "Rollen speichern" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("sind gespeichert");
        Assert.Equal(["auszubildender"], await world.RolesOfAsync(organisation.Id, member));

        // Back to the administration, "Benutzer hinzufügen": a role and an address, "Weiter".
        await page.GetByRole(AriaRole.Link, new() { Name = "Zurück zur Administration von " + organisation.Firmierung }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Benutzer hinzufügen" }).ClickAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
        var address = "eingeladen-" + Guid.NewGuid().ToString("N")[..8] + "@example.org";
        await page.Locator("fieldset.checkbox-group", new() { HasText = "Digitales Berichtsheft" }).GetByLabel("Ausbildende(r)", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Welchen Nutzer möchten Sie hinzufügen?", new() { Exact = false }).FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Weiter" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("ist versendet");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = address, Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
        Assert.Equal("Einladung zu einer Organisation in meine ihk", Assert.Single(await world.Smtp.WaitForAsync(address)).Subject);
    }

    [Theory]
    [InlineData("de-DE", "de", "Anmelden")]
    [InlineData("en", "en", "Log in")]
    public async Task Every_administration_page_passes_axe_and_the_keyboard_check(string locale, string language, string loginButton)
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member, berichtsheftRoles: "auszubildender");
        var invitee = await world.CreateUserAsync();
        using (var admin = await world.LoggedInAsync(organisation.AdminUserName))
        {
            var form = await admin.PageAsync($"organisationen/{organisation.Id}/einladungen/neu");
            await admin.AfterAsync(admin.PostAsync(form, "#einladung", new Dictionary<string, string>
            {
                ["Input.Email"] = invitee + "@example.org",
                ["Input.Roles"] = (await world.RoleIdAsync("auszubildender")).ToString(),
            }));
            await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Administrator")));
        }

        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org")).TextBody, "/einladungen/annehmen");
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        // The invitation as an anonymous visitor, then signed in (the confirmation), and a dead link.
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await AssertAccessibleAsync(page);
        await page.GotoAsync(new Uri(world.ProviderUrl, "einladungen/annehmen?token=unbekannt").ToString());
        await AssertAccessibleAsync(page);
        await LogInAsync(page, invitee, loginButton);
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#einladung-annehmen")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await using var adminContext = await browser.NewContextAsync(locale);
        page = await adminContext.NewPageAsync();
        await LogInAsync(page, organisation.AdminUserName, loginButton);
        foreach (var path in new[] { "", "/mitglieder", "/mitglieder?q=Test", "/einladungen/neu", "/protokoll", "/anfragen", "/daten" })
        {
            var response = await page.GotoAsync(new Uri(world.ProviderUrl, $"organisationen/{organisation.Id}{path}").ToString());
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await AssertAccessibleAsync(page);
        }

        // The members with a member's roles open, and the invitation form showing its errors.
        await page.GotoAsync(new Uri(world.ProviderUrl, $"organisationen/{organisation.Id}/mitglieder").ToString());
        await page.Locator($"#mitglied-{membershipId:N} > details > summary").ClickAsync();
        await AssertAccessibleAsync(page);
        await page.GotoAsync(new Uri(world.ProviderUrl, $"organisationen/{organisation.Id}/einladungen/neu").ToString());
        await page.Locator("#einladung button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    private async Task LogInAsync(IPage page, string userName, string loginButton)
    {
        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AdministrationBrowserTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : AdministrationBrowserTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class AdministrationBrowserTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : AdministrationBrowserTests(world, browser), IClassFixture<BrowserFixture>;
