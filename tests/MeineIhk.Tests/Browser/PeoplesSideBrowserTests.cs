using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// Issue 18 in Debian's chromium, German and English: the dashboard's requests as the manual shows them, the member
/// list's role column, the explained lock at the login, the footer — axe-core and the keyboard on each, and no UTC or
/// ISO date on any page the journey passes.
/// </summary>
public abstract partial class PeoplesSideBrowserTests(TestWorld world, BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "Anmelden", "Offene Anfragen", "Mir zuweisen", "Neues Organisationspasswort anfordern", "Rollen", "Berichtsheft: Auszubildende(r)")]
    [InlineData("en", "Log in", "Open requests", "Assign to me", "Request a new organisation password", "Roles", "training record: Apprentice")]
    public async Task An_administrator_opens_the_requests_on_the_dashboard_takes_one_and_sees_roles_in_the_member_list(
        string locale, string loginButton, string openRequests, string assignToMe, string newPassword, string rolesColumn, string role)
    {
        var organisation = await world.CreateOrganisationAsync();
        var applicant = await world.CreateUserAsync();
        using (var session = await world.LoggedInAsync(applicant))
        {
            var form = await session.PageAsync("organisationen/beitreten");
            await session.AfterAsync(session.PostAsync(form, "#join-form", JoinValues(organisation),
                [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("auszubildender")).ToString())]));
        }

        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, berichtsheftRoles: "auszubildender");

        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await page.Locator("#Input_Username").FillAsync(organisation.AdminUserName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // "Offene Anfragen" opens by keyboard; "Mir zuweisen" moves the request to "Meine Anfragen" on the dashboard.
        var prefix = $"#o{organisation.Id:N}-beitrittsanfragen";
        await page.Locator($"{prefix}-offen > summary").FocusAsync();
        await Assertions.Expect(page.Locator($"{prefix}-offen > summary")).ToContainTextAsync(openRequests);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"{prefix}-offen")).ToHaveAttributeAsync("open", "");
        await CheckAsync(page);
        await page.Locator($"{prefix}-offen").GetByRole(AriaRole.Button, new() { Name = $"{assignToMe} – {applicant}" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.Locator($"{prefix}-meine > summary").ClickAsync();
        await Assertions.Expect(page.Locator($"{prefix}-meine")).ToContainTextAsync(applicant);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{newPassword} – {organisation.Firmierung}" })).ToBeVisibleAsync();
        await CheckAsync(page);
        await AssertNoUtcOrIsoDateAsync(page);

        // The member list: roles in their own column, a search box of a usable width.
        await page.GotoAsync(new Uri(world.ProviderUrl, MembersPath(organisation.Id)).ToString());
        await Assertions.Expect(page.Locator(".member-list__head")).ToContainTextAsync(rolesColumn);
        var row = page.Locator(".member", new() { HasText = member });
        await Assertions.Expect(row.Locator(".member__roles")).ToContainTextAsync(role);
        Assert.True((await page.Locator("#suche").BoundingBoxAsync())!.Width >= 250);
        await CheckAsync(page);

        foreach (var path in new[] { "benachrichtigungen", $"organisationen/{organisation.Id}", $"organisationen/{organisation.Id}/anfragen", $"organisationen/{organisation.Id}/protokoll", "organisationen" })
        {
            await page.GotoAsync(new Uri(world.ProviderUrl, path).ToString());
            await AssertNoUtcOrIsoDateAsync(page);
        }

        await CheckAsync(page);
    }

    [Theory]
    [InlineData("de-DE", "Anmelden", "weil Sie es selbst gesperrt haben", "Impressum")]
    [InlineData("en", "Log in", "because you locked it yourself", "Legal notice")]
    public async Task A_self_locked_account_hears_why_at_the_login_and_the_footer_leads_to_the_legal_pages(
        string locale, string loginButton, string explanation, string legalNotice)
    {
        var userName = await world.CreateUserAsync();
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            await db.SaveChangesAsync();
        });

        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(world.ProviderUrl, "anmelden").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync(explanation);
        await CheckAsync(page);

        await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = legalNotice }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(legalNotice);
        await CheckAsync(page);
    }

    private static async Task AssertNoUtcOrIsoDateAsync(IPage page)
    {
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("UTC", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(IsoDate(), text);
    }

    private static async Task CheckAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}

[Collection(SqliteCollection.Name)]
public sealed class PeoplesSideBrowserTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : PeoplesSideBrowserTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class PeoplesSideBrowserTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : PeoplesSideBrowserTests(world, browser), IClassFixture<BrowserFixture>;
