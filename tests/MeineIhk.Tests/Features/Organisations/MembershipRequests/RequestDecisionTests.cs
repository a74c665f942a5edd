using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.Join;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.MembershipRequests;

/// <summary>Chapter 6: administrators take, read and decide join and role requests; one decision wins.</summary>
public abstract class RequestDecisionTests(TestWorld world)
{
    [Fact]
    public async Task An_administrator_assigns_a_request_to_himself_and_sees_the_details_of_the_manual()
    {
        var (organisation, userName) = await JoinRequestAsync("auszubildender");
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var dashboard = await admin.PageAsync("/");
        Assert.Contains($"Beitrittsanfragen – {organisation.Firmierung} (1 offen)", dashboard.Html, StringComparison.Ordinal);
        var list = await admin.PageAsync($"organisationen/{organisation.Id}/anfragen");
        Assert.Contains(userName, list.Text("#beitrittsanfragen-offen"), StringComparison.Ordinal);
        Assert.Contains("Offene Anfragen (1)", list.Text("#beitrittsanfragen-offen summary"), StringComparison.Ordinal);
        Assert.DoesNotContain(userName, list.Text("#beitrittsanfragen-meine"), StringComparison.Ordinal);

        var assigned = await admin.AfterAsync(admin.PostAsync(list, "#beitrittsanfragen-offen .assign-form"));
        Assert.Contains("Die Anfrage ist Ihnen zugewiesen", assigned.Html, StringComparison.Ordinal);
        Assert.Contains(userName, assigned.Text("#beitrittsanfragen-meine"), StringComparison.Ordinal);
        Assert.Contains("Meine Anfragen (1)", assigned.Text("#beitrittsanfragen-meine summary"), StringComparison.Ordinal);
        Assert.Contains("Offene Anfragen (0)", assigned.Text("#beitrittsanfragen-offen summary"), StringComparison.Ordinal);

        var details = await admin.PageAsync(assigned.Document.QuerySelector("#beitrittsanfragen-meine a[href*='/anfragen/']")!.GetAttribute("href")!);
        var text = details.Text("main");
        Assert.Matches(@"vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr", text); // German time, one format (issue 18), not the manual's ISO
        foreach (var expected in new[]
                 {
                     "Benutzername", userName, "Vorname", "Test", "Nachname", userName, "Firmierung", organisation.Firmierung,
                     "Identnummer", organisation.Identnummer, "Kammer", "IHK Aachen", "Beantragte Rollen", "Auszubildende(r) (Digitales Berichtsheft)",
                     "Beitrittsgrund", "Ich bin Azubi und möchte mein Berichtsheft führen.", "Grund bei Ablehnung", "Noch 500 Zeichen verfügbar",
                     "Abbrechen", "ablehnen", "genehmigen",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Approving_with_changed_roles_makes_a_member_whose_token_and_the_sample_app_carry_those_roles()
    {
        var (organisation, userName) = await JoinRequestAsync("auszubildender");
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var details = await DetailsAsync(admin, organisation, userName);
        Assert.NotNull(details.Document.QuerySelector($"input[name=RoleIds][value='{await world.RoleIdAsync("auszubildender")}'][checked]"));

        var done = await admin.AfterAsync(admin.PostAsync(details, "#decision-form", multi: [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("ausbildender")).ToString())], button: "approve"));
        Assert.Contains($"Die Anfrage von {userName} ist genehmigt.", done.Html, StringComparison.Ordinal);

        Assert.Equal(["ausbildender"], await world.RolesOfAsync(organisation.Id, userName));
        var request = (await world.RequestOfAsync(organisation.Id, userName))!;
        Assert.Equal(MembershipRequestStatus.Approved, request.Status);
        Assert.True(await world.WithDatabaseAsync(async (db, _) =>
            await db.AuditEntries.AnyAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.JoinRequestApproved && a.SubjectUserId == request.UserId)
            && await db.AuditEntries.AnyAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.RoleGranted && a.Details == "berichtsheft: ausbildender")));
        var mail = (await world.Smtp.WaitForAsync(userName + "@example.org")).Single();
        Assert.Contains($"Ihre Beitrittsanfrage an {organisation.Firmierung} wurde genehmigt. Ihre Rollen: Ausbildende(r) (Digitales Berichtsheft)", mail.TextBody, StringComparison.Ordinal);

        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid ihk.org", new() { ["org_hint"] = organisation.Id.ToString() });
        var token = await client.ValidateAsync(tokens.AccessToken!, null);
        Assert.Equal(organisation.Id.ToString(), token.GetClaim("org_id").Value);
        Assert.Equal(["ausbildender"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));

        using var sample = new BrowserSession();
        var berichtsheft = (await sample.GetAsync(world.SampleUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal(HttpStatusCode.OK, berichtsheft.Status);
        Assert.Contains(organisation.Firmierung, berichtsheft.Html, StringComparison.Ordinal);
        Assert.Contains("Berichte freigeben", berichtsheft.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_which_is_mailed_to_the_user_and_recorded()
    {
        var (organisation, userName) = await JoinRequestAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var details = await DetailsAsync(admin, organisation, userName);

        var missing = await HtmlPage.ReadAsync(await admin.PostAsync(details, "#decision-form", new Dictionary<string, string> { ["RejectionReason"] = "  " }, button: "reject"));
        Assert.Contains("Bitte füllen Sie das Feld „Grund bei Ablehnung“ aus.", missing.Text("#RejectionReason-fehler"), StringComparison.Ordinal);
        Assert.Equal(MembershipRequestStatus.Open, (await world.RequestOfAsync(organisation.Id, userName))!.Status);

        const string reason = "Sie sind uns nicht als Mitarbeiterin bekannt.";
        var done = await admin.AfterAsync(admin.PostAsync(details, "#decision-form", new Dictionary<string, string> { ["RejectionReason"] = reason }, button: "reject"));
        Assert.Contains($"Die Anfrage von {userName} ist abgelehnt", done.Html, StringComparison.Ordinal);

        var request = (await world.RequestOfAsync(organisation.Id, userName))!;
        Assert.Equal(MembershipRequestStatus.Rejected, request.Status);
        Assert.Equal(reason, request.RejectionReason);
        Assert.False(await world.IsMemberAsync(organisation.Id, userName));
        var mail = (await world.Smtp.WaitForAsync(userName + "@example.org")).Single();
        Assert.Contains($"Ihre Beitrittsanfrage an {organisation.Firmierung} wurde abgelehnt. Begründung: {reason}", mail.TextBody, StringComparison.Ordinal);
        Assert.True(await world.WithDatabaseAsync(async (db, _) =>
            await db.AuditEntries.AnyAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.JoinRequestRejected && a.Details == reason)));
    }

    [Theory]
    [InlineData("approve", "reject")]
    [InlineData("approve", "approve")]
    [InlineData("reject", "reject")]
    public async Task Two_administrators_deciding_at_once_leave_exactly_one_decision(string first, string second)
    {
        var (organisation, userName) = await JoinRequestAsync("auszubildender");
        var otherAdmin = await world.CreateUserAsync("admin");
        await world.AddMemberAsync(organisation.Id, otherAdmin, administrator: true);
        using var one = await world.LoggedInAsync(organisation.AdminUserName);
        using var two = await world.LoggedInAsync(otherAdmin);
        var pageOne = await DetailsAsync(one, organisation, userName);
        var pageTwo = await DetailsAsync(two, organisation, userName);

        var reason = new Dictionary<string, string> { ["RejectionReason"] = "Nicht bekannt." };
        var outcomes = await Task.WhenAll(
            one.AfterAsync(one.PostAsync(pageOne, "#decision-form", reason, button: first)),
            two.AfterAsync(two.PostAsync(pageTwo, "#decision-form", reason, button: second)));

        const string conflict = "Diese Anfrage wurde bereits von jemand anderem bearbeitet oder entschieden.";
        Assert.Single(outcomes, o => o.Html.Contains(conflict, StringComparison.Ordinal));
        Assert.Single(outcomes, o => o.Html.Contains($"Die Anfrage von {userName} ist", StringComparison.Ordinal));
        var request = (await world.RequestOfAsync(organisation.Id, userName))!;
        Assert.NotEqual(MembershipRequestStatus.Open, request.Status);
        Assert.Equal(request.Status == MembershipRequestStatus.Approved, await world.IsMemberAsync(organisation.Id, userName));
        Assert.Equal(1, await world.WithDatabaseAsync(async (db, _) => await db.AuditEntries.CountAsync(a =>
            a.OrganisationId == organisation.Id && (a.Action == AuditAction.JoinRequestApproved || a.Action == AuditAction.JoinRequestRejected))));
        Assert.Equal(1, await world.WithDatabaseAsync(async (db, _) => await db.Notifications.CountAsync(n => n.UserId == request.UserId)));
    }

    [Fact]
    public async Task A_role_request_is_approved_into_the_existing_membership()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, administrator: false, "auszubildender");
        using var browser = await world.LoggedInAsync(member);

        var form = await browser.PageAsync($"organisationen/{organisation.Id}/rolle-anfragen");
        Assert.Contains("(bereits vergeben)", form.Html, StringComparison.Ordinal);
        var noRole = await HtmlPage.ReadAsync(await browser.PostAsync(form, "#role-request-form", new Dictionary<string, string> { ["Reason"] = "Ich bilde jetzt aus." }));
        Assert.Contains("Bitte wählen Sie mindestens eine Rolle.", noRole.Text(".error-summary"), StringComparison.Ordinal);
        var sent = await browser.AfterAsync(browser.PostAsync(form, "#role-request-form", new Dictionary<string, string> { ["Reason"] = "Ich bilde jetzt aus." },
            [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("ausbildender")).ToString())]));
        Assert.Contains($"Ihre Rollenanfrage an {organisation.Firmierung} ist gestellt.", sent.Html, StringComparison.Ordinal);
        Assert.Contains($"Neue Rollenanfrage in {organisation.Firmierung}", (await world.Smtp.WaitForAsync(organisation.AdminUserName + "@example.org")).Single().TextBody, StringComparison.Ordinal);

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var list = await admin.PageAsync($"organisationen/{organisation.Id}/anfragen");
        Assert.Contains(member, list.Text("#rollenanfragen-offen"), StringComparison.Ordinal);
        var details = await DetailsAsync(admin, organisation, member);
        Assert.Contains("Rollenanfrage", details.Text("h1"), StringComparison.Ordinal);
        await admin.AfterAsync(admin.PostAsync(details, "#decision-form", button: "approve"));

        Assert.Equal(["ausbildender", "auszubildender"], await world.RolesOfAsync(organisation.Id, member));
        Assert.Contains("Ihre Rollenanfrage in " + organisation.Firmierung + " wurde genehmigt. Neue Rollen: Ausbildende(r) (Digitales Berichtsheft)",
            (await world.Smtp.WaitForAsync(member + "@example.org")).Single().TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_role_request_changes_no_role_and_tells_the_reason()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, administrator: false);
        using var browser = await world.LoggedInAsync(member);
        await browser.AfterAsync(browser.PostAsync(await browser.PageAsync($"organisationen/{organisation.Id}/rolle-anfragen"), "#role-request-form",
            new Dictionary<string, string> { ["Reason"] = "Bitte." }, [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("ausbildungsadministrator")).ToString())]));

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await admin.AfterAsync(admin.PostAsync(await DetailsAsync(admin, organisation, member), "#decision-form",
            new Dictionary<string, string> { ["RejectionReason"] = "Diese Rolle hat Frau Schulz." }, button: "reject"));

        Assert.Empty(await world.RolesOfAsync(organisation.Id, member));
        Assert.Contains("Ihre Rollenanfrage in " + organisation.Firmierung + " wurde abgelehnt. Begründung: Diese Rolle hat Frau Schulz.",
            (await world.Smtp.WaitForAsync(member + "@example.org")).Single().TextBody, StringComparison.Ordinal);
    }

    private async Task<(TestOrganisation Organisation, string UserName)> JoinRequestAsync(params string[] roles)
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);
        var roleIds = new List<KeyValuePair<string, string>>();
        foreach (var role in roles)
        {
            roleIds.Add(KeyValuePair.Create("RoleIds", (await world.RoleIdAsync(role)).ToString()));
        }

        var sent = await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation), roleIds));
        Assert.Equal("/organisationen", sent.RequestUri.AbsolutePath);
        await world.Smtp.WaitForAsync(organisation.AdminUserName + "@example.org");
        return (organisation, userName);
    }

    private async Task<HtmlPage> DetailsAsync(BrowserSession admin, TestOrganisation organisation, string userName)
    {
        var request = (await world.RequestOfAsync(organisation.Id, userName))!;
        return await admin.PageAsync($"organisationen/{organisation.Id}/anfragen/{request.Id}");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestDecisionTestsOnSqlite(SqliteWorld world) : RequestDecisionTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class RequestDecisionTestsOnPostgreSql(PostgreSqlWorld world) : RequestDecisionTests(world);
