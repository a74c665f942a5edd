using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations;
using MeineIhk.Tests.Features.Organisations.Invitations;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Members;

/// <summary>Chapter 6 (administrator side): "Organisationsmitglieder" with search and paging, roles per Fachanwendung, administrators, removal.</summary>
public abstract class MemberAdministrationTests(TestWorld world)
{
    private const string Scope = "openid offline_access ihk.org";

    [Fact]
    public async Task The_dashboard_leads_administrators_to_the_administration_of_their_organisation()
    {
        var organisation = await world.CreateOrganisationAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var dashboard = await admin.PageAsync("/");
        var link = dashboard.Document.QuerySelectorAll("a").Single(a => a.GetAttribute("href") == $"/organisationen/{organisation.Id}");
        var administration = await admin.PageAsync(link.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, administration.Status);
        Assert.Contains(organisation.Firmierung, administration.Html, StringComparison.Ordinal);
        Assert.Contains("Benutzer hinzufügen", administration.Html, StringComparison.Ordinal);
        Assert.Contains("Organisationsmitglieder", administration.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_member_list_searches_by_name_user_name_and_email_and_pages_in_family_name_order()
    {
        var organisation = await world.CreateOrganisationAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await world.WithDatabaseAsync(async db =>
        {
            var org = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Id == organisation.Id);
            for (var i = 0; i < 25; i++)
            {
                var userName = $"m{tag}{i:D2}";
                var user = new ApplicationUser
                {
                    CreatedAt = world.Now,
                    UserName = userName,
                    NormalizedUserName = userName.ToUpperInvariant(),
                    Email = $"{userName}@firma-{tag}.example",
                    NormalizedEmail = $"{userName}@firma-{tag}.example".ToUpperInvariant(),
                    GivenName = "Vorname" + i,
                    FamilyName = i == 7 ? "Müller-Lüdenscheidt" : $"Familie{i:D2}",
                    SecurityStamp = Guid.NewGuid().ToString(),
                };
                db.Users.Add(user);
                org.AddMember(user, isAdministrator: false, world.Now);
            }

            await db.SaveChangesAsync();
        });
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var first = await admin.PageAsync(MembersPath(organisation.Id));
        Assert.Contains("26 Mitglieder gefunden.", first.Html, StringComparison.Ordinal);
        var names = first.Document.QuerySelectorAll(".member__name strong").Select(e => e.TextContent).ToList();
        Assert.Equal(20, names.Count);
        Assert.Equal("Familie00, Vorname0", names[0]);
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);
        Assert.Contains("Seite 1 von 2", first.Html, StringComparison.Ordinal);

        var second = await admin.PageAsync(first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(6, second.Document.QuerySelectorAll(".member").Length);
        Assert.Contains("Müller-Lüdenscheidt", second.Html, StringComparison.Ordinal);

        Assert.Equal(["Familie13, Vorname13"], await FoundAsync(admin, organisation.Id, $"M{tag}13"));        // user name, any case
        Assert.Equal(["Familie21, Vorname21"], await FoundAsync(admin, organisation.Id, $"m{tag}21@firma"));  // e-mail
        Assert.Equal(["Müller-Lüdenscheidt, Vorname7"], await FoundAsync(admin, organisation.Id, "müller"));  // family name
        Assert.Equal(["Müller-Lüdenscheidt, Vorname7"], await FoundAsync(admin, organisation.Id, "LÜDEN"));
        Assert.Equal(["Familie05, Vorname5"], await FoundAsync(admin, organisation.Id, "vorname5"));         // given name
        Assert.Empty(await FoundAsync(admin, organisation.Id, "niemand-" + tag));
        Assert.Contains("0 Mitglieder gefunden.", (await admin.PageAsync(MembersPath(organisation.Id, "niemand"))).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_approved_and_enabled_Fachanwendung_offers_its_roles_with_Ja_and_Nein_per_member()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member, berichtsheftRoles: "auszubildender");
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var page = await admin.PageAsync(MembersPath(organisation.Id));
        var form = page.Document.QuerySelector(MemberSelector(membershipId, "Roles"))!;
        var legends = form.Children.Where(c => c.LocalName == "fieldset").Select(f => f.QuerySelector("legend")!.TextContent).ToList();
        // Other tests of the shared world register Fachanwendungen too: every approved and enabled one with roles is offered.
        var offered = await world.WithDatabaseAsync(async (db, _) => await db.Fachanwendungen.CountAsync(f => f.IsEnabled && f.ApprovedAt != null && f.Roles.Count > 0));
        Assert.Equal(offered, legends.Count);
        Assert.Equal(["Digitales Berichtsheft", "Prüfungsanmeldung"], legends.Where(l => l is "Digitales Berichtsheft" or "Prüfungsanmeldung"));
        var azubi = await world.RoleIdAsync("auszubildender");
        Assert.NotNull(form.QuerySelector($"input[name='roles[{azubi}]'][value=true][checked]"));
        Assert.NotNull(form.QuerySelector($"input[name='roles[{await world.RoleIdAsync("ausbildender")}]'][value=false][checked]"));
        Assert.Equal("details", page.Document.QuerySelector($"#mitglied-{membershipId:N} details")!.LocalName);
    }

    [Fact]
    public async Task A_granted_role_reaches_the_token_at_the_next_refresh_and_withdrawing_the_last_one_ends_the_refresh_token()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(member, TestWorld.Password, Scope);
        Assert.Empty(await RolesInAsync(client, before));

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var azubi = await world.RoleIdAsync("auszubildender");
        var saved = await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"), Choice(azubi, yes: true)));
        Assert.Contains("Die Rollen von Test " + member + " sind gespeichert", Status(saved), StringComparison.Ordinal);

        var granted = await client.RefreshAsync(before.RefreshToken!);
        Assert.Equal(["auszubildender"], await RolesInAsync(client, granted));
        Assert.Equal(organisation.Id.ToString(), (await client.ValidateAsync(granted.AccessToken!, null)).GetClaim("org_id").Value);

        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"), Choice(azubi, yes: false)));
        // The last role at the application is gone: its refresh tokens are revoked at once (back-channel logout, issue 6).
        Assert.Equal("invalid_grant", (await client.RefreshAsync(granted.RefreshToken!)).Error);

        var audit = await world.AuditOfAsync(organisation.Id);
        Assert.Equal(
            [(AuditAction.RoleGranted, "berichtsheft: auszubildender"), (AuditAction.RoleWithdrawn, "berichtsheft: auszubildender")],
            audit.Select(a => (a.Action, a.Details!)));
        Assert.All(audit, a => Assert.Contains(member, a.SubjectName, StringComparison.Ordinal));
        var kinds = await world.WithDatabaseAsync((db, _) => db.Notifications.Where(n => db.Users.Any(u => u.Id == n.UserId && u.UserName == member)).OrderBy(n => n.CreatedAt).Select(n => n.Kind).ToListAsync());
        Assert.Equal(["role-granted", "role-withdrawn"], kinds);
    }

    [Fact]
    public async Task The_sample_application_lets_a_member_in_after_a_grant_and_refuses_after_withdrawal_and_refresh()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        using (var refusedBrowser = new BrowserSession())
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await refusedBrowser.GetAsync(world.SampleUrl, new(member, TestWorld.Password))).RequiredPage.Status);
        }

        var azubi = await world.RoleIdAsync("auszubildender");
        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"), Choice(azubi, yes: true)));
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(world.SampleUrl, new(member, TestWorld.Password))).RequiredPage;
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Bericht schreiben", page.Html, StringComparison.Ordinal);
        Assert.Contains(organisation.Firmierung, page.Html, StringComparison.Ordinal);

        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"), Choice(azubi, yes: false)));
        world.SampleClock.Offset = TimeSpan.FromMinutes(10);
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(world.SampleUrl)).RequiredPage.Status);
        }
        finally
        {
            world.SampleClock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task An_administrator_gives_a_role_to_themselves_and_can_then_use_the_application()
    {
        var organisation = await world.CreateOrganisationAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        using (var refused = new BrowserSession())
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.GetAsync(world.SampleUrl, new(organisation.AdminUserName, TestWorld.Password))).RequiredPage.Status);
        }

        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(organisation.AdminMembershipId, "Roles"),
            Choice(await world.RoleIdAsync("ausbildender"), yes: true)));

        Assert.Equal(["ausbildender"], await world.RolesOfAsync(organisation.Id, organisation.AdminUserName));
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(world.SampleUrl, new(organisation.AdminUserName, TestWorld.Password))).RequiredPage;
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Berichte freigeben", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrators_are_made_and_unmade_and_the_last_one_can_be_neither_demoted_nor_removed()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var lastDemoted = await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(organisation.AdminMembershipId, "Administrator")));
        Assert.Contains("mindestens einen Unternehmensadministrator", Status(lastDemoted), StringComparison.Ordinal);
        var lastRemoved = await admin.AfterAsync(admin.PostAsync(lastDemoted, MemberSelector(organisation.AdminMembershipId, "Remove")));
        Assert.Contains("mindestens einen Unternehmensadministrator", Status(lastRemoved), StringComparison.Ordinal);
        Assert.True((await world.MembershipAsync(organisation.Id, organisation.AdminUserName))!.IsAdministrator);

        var promoted = await admin.AfterAsync(admin.PostAsync(lastRemoved, MemberSelector(membershipId, "Administrator")));
        Assert.Contains("ist jetzt Unternehmensadministrator", Status(promoted), StringComparison.Ordinal);
        Assert.True((await world.MembershipAsync(organisation.Id, member))!.IsAdministrator);

        // The new administrator reaches the administration; the first one steps down and loses it.
        using var second = await world.LoggedInAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await second.PageAsync(MembersPath(organisation.Id))).Status);
        var stepped = await admin.AfterAsync(admin.PostAsync(promoted, MemberSelector(organisation.AdminMembershipId, "Administrator")));
        Assert.Equal("/", stepped.RequestUri.AbsolutePath);
        Assert.False((await world.MembershipAsync(organisation.Id, organisation.AdminUserName))!.IsAdministrator);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync(MembersPath(organisation.Id))).StatusCode);

        Assert.Equal(
            [AuditAction.AdministratorGranted, AuditAction.AdministratorWithdrawn],
            (await world.AuditOfAsync(organisation.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_removed_member_loses_the_claims_at_the_next_refresh()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member, berichtsheftRoles: "auszubildender");
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(member, TestWorld.Password, Scope);
        Assert.Equal(["auszubildender"], await RolesInAsync(client, before));

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var removed = await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Remove")));
        Assert.Contains("wurde aus der Organisation entfernt", Status(removed), StringComparison.Ordinal);
        Assert.Null(await world.MembershipAsync(organisation.Id, member));

        var after = await client.RefreshAsync(before.RefreshToken!);
        if (after.Status == HttpStatusCode.OK)
        {
            var token = await client.ValidateAsync(after.AccessToken!, null);
            Assert.DoesNotContain(token.Claims, c => c.Type is "role" or "org_id");
        }
        else
        {
            Assert.Equal("invalid_grant", after.Error);
        }

        Assert.Equal(AuditAction.MemberRemoved, Assert.Single(await world.AuditOfAsync(organisation.Id)).Action);
    }

    [Fact]
    public async Task Two_administrators_granting_the_same_role_at_once_keep_one_grant_and_the_other_hears_it()
    {
        var organisation = await world.CreateOrganisationAsync();
        var otherAdmin = await world.CreateUserAsync("admin");
        await world.AddMemberAsync(organisation.Id, otherAdmin, administrator: true);
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        using var first = await world.LoggedInAsync(organisation.AdminUserName);
        using var second = await world.LoggedInAsync(otherAdmin);
        var firstPage = await first.PageAsync(MembersPath(organisation.Id));
        var secondPage = await second.PageAsync(MembersPath(organisation.Id));
        var azubi = Choice(await world.RoleIdAsync("auszubildender"), yes: true);

        var outcomes = await Task.WhenAll(
            first.AfterAsync(first.PostAsync(firstPage, MemberSelector(membershipId, "Roles"), azubi)),
            second.AfterAsync(second.PostAsync(secondPage, MemberSelector(membershipId, "Roles"), azubi)));

        Assert.Equal(["auszubildender"], await world.RolesOfAsync(organisation.Id, member));
        Assert.Single(outcomes, o => Status(o).Contains("sind gespeichert", StringComparison.Ordinal));
        Assert.Single(outcomes, o => Status(o).Contains("inzwischen von jemand anderem geändert", StringComparison.Ordinal));
        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        Assert.Single(await world.AuditOfAsync(organisation.Id), a => a.Action == AuditAction.RoleGranted);
    }

    [Fact]
    public async Task Removing_a_member_twice_at_once_removes_once_and_tells_the_other_administrator()
    {
        var organisation = await world.CreateOrganisationAsync();
        var otherAdmin = await world.CreateUserAsync("admin");
        await world.AddMemberAsync(organisation.Id, otherAdmin, administrator: true);
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member, berichtsheftRoles: "auszubildender");
        using var first = await world.LoggedInAsync(organisation.AdminUserName);
        using var second = await world.LoggedInAsync(otherAdmin);
        var firstPage = await first.PageAsync(MembersPath(organisation.Id));
        var secondPage = await second.PageAsync(MembersPath(organisation.Id));

        var outcomes = await Task.WhenAll(
            first.AfterAsync(first.PostAsync(firstPage, MemberSelector(membershipId, "Remove"))),
            second.AfterAsync(second.PostAsync(secondPage, MemberSelector(membershipId, "Remove"))));

        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        Assert.Single(outcomes, o => Status(o).Contains("wurde aus der Organisation entfernt", StringComparison.Ordinal));
        Assert.Single(outcomes, o => Status(o).Contains("bereits von jemand anderem entfernt", StringComparison.Ordinal));
        Assert.Null(await world.MembershipAsync(organisation.Id, member));
        Assert.Single(await world.AuditOfAsync(organisation.Id), a => a.Action == AuditAction.MemberRemoved);
    }

    [Fact]
    public async Task A_stale_form_changes_nothing_and_says_so()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var stale = await admin.PageAsync(MembersPath(organisation.Id));
        var azubi = await world.RoleIdAsync("auszubildender");
        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"), Choice(azubi, yes: true)));

        // The old form still shows "Nein" for the role and "Ja" for another: it must not silently undo the grant.
        var outcome = await admin.AfterAsync(admin.PostAsync(stale, MemberSelector(membershipId, "Roles"),
            new Dictionary<string, string>(Choice(azubi, yes: true)) { [$"roles[{await world.RoleIdAsync("ausbildender")}]"] = "true" }));

        Assert.Contains("inzwischen von jemand anderem geändert", Status(outcome), StringComparison.Ordinal);
        Assert.Equal(["auszubildender"], await world.RolesOfAsync(organisation.Id, member));
    }

    [Fact]
    public async Task The_audit_log_shows_who_did_what_for_whom_newest_first_to_administrators_only()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        var membershipId = await world.AddMemberAsync(organisation.Id, member);
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var azubi = await world.RoleIdAsync("auszubildender");
        await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Roles"), Choice(azubi, yes: true)));
        world.Clock.Offset = TimeSpan.FromSeconds(5);
        try
        {
            await admin.AfterAsync(admin.PostAsync(await admin.PageAsync(MembersPath(organisation.Id)), MemberSelector(membershipId, "Administrator")));
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }

        var log = await admin.PageAsync($"organisationen/{organisation.Id}/protokoll");
        var rows = log.Document.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Zum Unternehmensadministrator ernannt", rows[0][2]);
        Assert.Equal("Rolle zugewiesen", rows[1][2]);
        Assert.Contains(organisation.AdminUserName, rows[1][1], StringComparison.Ordinal);
        Assert.Contains(member, rows[1][3], StringComparison.Ordinal);
        Assert.Equal("Digitales Berichtsheft: Auszubildende(r)", rows[1][4]); // names, not keys (issue 18)

        var english = await admin.PageAsync($"organisationen/{organisation.Id}/protokoll?culture=en");
        Assert.Contains("Role granted", english.Html, StringComparison.Ordinal);
        Assert.Contains("Digital training record: Apprentice", english.Html, StringComparison.Ordinal);

        var plain = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, plain);
        using var plainBrowser = await world.LoggedInAsync(plain);
        var refused = await plainBrowser.Http.GetAsync($"organisationen/{organisation.Id}/protokoll");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("auszubildender", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> FoundAsync(BrowserSession admin, Guid organisationId, string search) =>
        (await admin.PageAsync(MembersPath(organisationId, search))).Document.QuerySelectorAll(".member__name strong").Select(e => e.TextContent).ToList();

    private static async Task<List<string>> RolesInAsync(OidcTestClient client, TokenResponse tokens)
    {
        Assert.True(tokens.Status == HttpStatusCode.OK, "Token request failed: " + tokens.Json);
        return (await client.ValidateAsync(tokens.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value).ToList();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MemberAdministrationTestsOnSqlite(SqliteWorld world) : MemberAdministrationTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class MemberAdministrationTestsOnPostgreSql(PostgreSqlWorld world) : MemberAdministrationTests(world);
