using AngleSharp.Dom;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.Join;
using MeineIhk.Tests.Features.Organisations.MembershipRequests;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Mine;

/// <summary>"Meine Organisationen": roles per application, own requests, leaving; and "Zugang anfragen" from a refusal.</summary>
public abstract class MyOrganisationsTests(TestWorld world)
{
    [Fact]
    public async Task The_page_lists_each_organisation_with_its_roles_per_application_in_the_ui_language()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, administrator: false, "auszubildender");
        using var browser = await world.LoggedInAsync(member);

        var german = await browser.PageAsync("organisationen");
        var section = german.Text($"#mitgliedschaft-{organisation.Id:N}");
        Assert.True(section.Contains("Digitales Berichtsheft: Auszubildende(r)", StringComparison.Ordinal), section);
        var english = await browser.PageAsync("organisationen?culture=en");
        Assert.Contains("Digital training record: Apprentice", english.Text("main"), StringComparison.Ordinal);
        Assert.Contains("Leave the organisation", english.Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_ends_the_membership_and_the_refresh_token_and_administrators_are_told()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, administrator: false, "auszubildender");
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(member, TestWorld.Password, "openid offline_access ihk.org");
        Assert.Equal(["auszubildender"], (await client.ValidateAsync(before.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value));
        using var browser = await world.LoggedInAsync(member);

        var confirm = await browser.PageAsync($"organisationen/{organisation.Id}/verlassen");
        Assert.Contains($"Möchten Sie wirklich aus {organisation.Firmierung} austreten?", confirm.Html, StringComparison.Ordinal);
        var left = await browser.AfterAsync(browser.PostAsync(confirm, "#leave-form"));
        Assert.Contains($"Sie sind aus {organisation.Firmierung} ausgetreten.", left.Html, StringComparison.Ordinal);

        Assert.False(await world.IsMemberAsync(organisation.Id, member));
        // The last role at the application went with the membership: its refresh tokens are revoked at once (issue 6).
        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
        Assert.Contains($"ist aus der Organisation {organisation.Firmierung} ausgetreten", (await world.Smtp.WaitForAsync(organisation.AdminUserName + "@example.org")).Single().TextBody, StringComparison.Ordinal);
        Assert.True(await world.WithDatabaseAsync(async (db, _) => await db.AuditEntries.AnyAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.MemberLeft)));
    }

    [Fact]
    public async Task The_last_administrator_cannot_leave()
    {
        var organisation = await world.CreateOrganisationAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var refused = await HtmlPage.ReadAsync(await admin.PostAsync(await admin.PageAsync($"organisationen/{organisation.Id}/verlassen"), "#leave-form"));
        Assert.Contains($"Sie sind der letzte Unternehmensadministrator von {organisation.Firmierung} und können nicht austreten.", refused.Text(".error-summary"), StringComparison.Ordinal);
        Assert.True(await world.IsMemberAsync(organisation.Id, organisation.AdminUserName));
    }

    [Fact]
    public async Task A_user_sees_and_withdraws_an_own_open_request()
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);
        var mine = await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
        Assert.Contains(organisation.Firmierung, mine.Text(".request-list"), StringComparison.Ordinal);

        var withdrawn = await browser.AfterAsync(browser.PostAsync(mine, ".withdraw-form"));
        Assert.Contains("Ihre Anfrage ist zurückgezogen.", withdrawn.Html, StringComparison.Ordinal);
        Assert.Equal(MembershipRequestStatus.Withdrawn, (await world.RequestOfAsync(organisation.Id, userName))!.Status);
        Assert.Contains("Sie haben keine offenen Anfragen.", withdrawn.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zugang_anfragen_on_the_refusal_page_asks_for_that_applications_roles()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, administrator: false, "auszubildender");
        using var pruefung = new OidcTestClient(world, "pruefungsanmeldung", clientSecret: null, new Uri("http://localhost:5003/signin-oidc"));

        var refusal = await pruefung.AuthorizeUntilPageAsync(member, TestWorld.Password, "openid ihk.org");
        Assert.Equal("/connect/authorize/no-role", refusal.RequestUri.AbsolutePath);
        var link = refusal.Document.QuerySelector("a.request-access")!;
        Assert.Contains("Zugang anfragen", link.TextContent, StringComparison.Ordinal);

        var form = await pruefung.Session.PageAsync(link.GetAttribute("href")!);
        Assert.Contains("Prüfungsteilnehmer(in)", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Auszubildende(r)", form.Html, StringComparison.Ordinal); // only the refusing application's roles
        await pruefung.Session.AfterAsync(pruefung.Session.PostAsync(form, "#role-request-form", new Dictionary<string, string> { ["Reason"] = "Ich melde mich zur Prüfung an." },
            [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("pruefungsteilnehmer", "pruefungsanmeldung")).ToString())]));

        var request = (await world.RequestOfAsync(organisation.Id, member))!;
        Assert.Equal(MembershipRequestKind.Role, request.Kind);
        Assert.Equal(await world.RoleIdAsync("pruefungsteilnehmer", "pruefungsanmeldung"), Assert.Single(request.Roles).FachanwendungRoleId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MyOrganisationsTestsOnSqlite(SqliteWorld world) : MyOrganisationsTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class MyOrganisationsTestsOnPostgreSql(PostgreSqlWorld world) : MyOrganisationsTests(world);
