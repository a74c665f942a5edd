using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using static MeineIhk.Tests.Infrastructure.TestData.TestDataBuilder;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Accounts.ForgotPassword;
using MeineIhk.Tests.Features.Accounts.Passwords;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Features.Organisations;
using MeineIhk.Tests.Features.Organisations.Members;
using MeineIhk.Tests.Features.Profile;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Hosting;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Invitations;

/// <summary>Chapter 4: "Benutzer hinzufügen" — the invitation mail, its single-use link, registration on the way, expiry, revocation and resending.</summary>
public abstract class InvitationTests(TestWorld world)
{
    private const string FixedReason = "Diese Beitrittsanfrage entstand durch die Bestätigung eines Einladungslinks, der durch einen Organisationsmitarbeiter erstellt wurde.";
    private const string AcceptPath = "/einladungen/annehmen";

    [Fact]
    public async Task A_registered_user_follows_the_link_and_a_join_request_with_the_fixed_reason_and_the_roles_reaches_the_administrators()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var sent = await InviteAsync(admin, organisation, invitee + "@example.org", "auszubildender", "ausbildender");
        Assert.Contains("Die Einladung an " + invitee + "@example.org ist versendet.", Status(sent), StringComparison.Ordinal);
        Assert.Contains(invitee + "@example.org", sent.Document.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org"));
        Assert.Equal("Einladung zu einer Organisation in meine ihk", mail.Subject);
        Assert.StartsWith($"Guten Tag Test {invitee},", mail.TextBody, StringComparison.Ordinal);
        Assert.Matches(@"bis zum \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr gültig", mail.TextBody);
        Assert.Contains(organisation.Firmierung, mail.TextBody, StringComparison.Ordinal);
        var link = Link(mail.TextBody, AcceptPath);

        using var browser = await world.LoggedInAsync(invitee);
        var confirm = await browser.PageAsync(link);
        Assert.Contains("Sie haben eine Einladung von " + organisation.Firmierung, confirm.Html, StringComparison.Ordinal);
        Assert.Contains("Digitales Berichtsheft: Auszubildende(r)", confirm.Html, StringComparison.Ordinal);
        var done = await browser.AfterAsync(browser.PostAsync(confirm, "#einladung-annehmen"));
        Assert.Contains("Ihre Beitrittsanfrage an " + organisation.Firmierung + " ist gestellt", done.Html, StringComparison.Ordinal);

        var request = await world.WithDatabaseAsync((db, _) => db.MembershipRequests.Include(r => r.Roles).ThenInclude(r => r.Role)
            .SingleAsync(r => r.OrganisationId == organisation.Id));
        Assert.Equal(MembershipRequestKind.Join, request.Kind);
        Assert.Equal(MembershipRequestStatus.Open, request.Status);
        Assert.Equal(FixedReason, request.Reason);
        Assert.NotNull(request.InvitationId);
        Assert.Equal(["ausbildender", "auszubildender"], request.Roles.Select(r => r.Role.Key).Order());
        Assert.Null(await world.MembershipAsync(organisation.Id, invitee)); // the administrators still decide
        Assert.Contains(await world.WithDatabaseAsync((db, _) => db.Notifications.Where(n => db.Users.Any(u => u.Id == n.UserId && u.UserName == organisation.AdminUserName)).Select(n => n.Kind).ToListAsync()),
            k => k == "join-request-received");
        Assert.Equal(AuditAction.InvitationSent, Assert.Single(await world.AuditOfAsync(organisation.Id)).Action);

        // Single use: the same link again, by anyone.
        Assert.Contains("bereits verwendet", (await browser.PageAsync(link)).Html, StringComparison.Ordinal);
        using var someoneElse = await world.LoggedInAsync(await world.CreateUserAsync());
        Assert.Contains("bereits verwendet", (await someoneElse.PageAsync(link)).Html, StringComparison.Ordinal);
        Assert.Contains("bereits verwendet", Status(await browser.AfterAsync(browser.PostAsync(confirm, "#einladung-annehmen"))), StringComparison.Ordinal);
        Assert.Equal(1, await world.WithDatabaseAsync((db, _) => db.MembershipRequests.CountAsync(r => r.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task An_unregistered_address_registers_confirms_logs_in_and_lands_back_on_the_invitation()
    {
        var organisation = await world.CreateOrganisationAsync();
        var (userName, email) = RegistrationForm.NewIdentity();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, email, "auszubildender");
        var mail = Assert.Single(await world.Smtp.WaitForAsync(email));
        Assert.StartsWith("Guten Tag,", mail.TextBody, StringComparison.Ordinal);
        var link = Link(mail.TextBody, AcceptPath);

        using var browser = new BrowserSession(world.ProviderUrl);
        var invitation = await browser.PageAsync(link);
        Assert.Contains("Sie haben eine Einladung von " + organisation.Firmierung, invitation.Html, StringComparison.Ordinal);
        var register = invitation.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Jetzt registrieren").GetAttribute("href")!;
        Assert.NotNull(invitation.Document.QuerySelectorAll("a").SingleOrDefault(a => a.TextContent.Trim() == "Anmelden"));

        var stepOne = await browser.PageAsync(register);
        var stepTwo = await HtmlPage.ReadAsync(await browser.SubmitAsync(stepOne.Form("#inhalt form[method=post]", RegistrationForm.Values(userName, email))));
        await RegistrationForm.SubmitAsync(browser, stepTwo, accept: true);

        var confirmLink = Link((await world.Smtp.WaitForAsync(email, 2)).Single(m => m.Subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse").TextBody, "/email-bestaetigen");
        var confirmPage = await browser.PageAsync(confirmLink);
        var confirmed = await browser.AfterAsync(browser.PostAsync(confirmPage, "#inhalt form[method=post]"));
        var login = confirmed.Document.QuerySelector("a.button")!.GetAttribute("href")!;
        Assert.Contains("returnUrl=", login, StringComparison.Ordinal);

        var landed = (await browser.GetAsync(new Uri(world.ProviderUrl, login), new(userName, RegistrationForm.StrongPassword))).RequiredPage;
        Assert.Equal(AcceptPath, landed.RequestUri.AbsolutePath);
        var done = await browser.AfterAsync(browser.PostAsync(landed, "#einladung-annehmen"));
        Assert.Contains("ist gestellt", done.Html, StringComparison.Ordinal);
        var request = await world.WithDatabaseAsync((db, _) => db.MembershipRequests.Include(r => r.User).SingleAsync(r => r.OrganisationId == organisation.Id));
        Assert.Equal(userName, request.User.UserName);
        Assert.Equal(FixedReason, request.Reason);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, invitee + "@example.org", "auszubildender");
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org")).TextBody, AcceptPath);
        using var browser = await world.LoggedInAsync(invitee);
        Assert.Contains("Beitritt bestätigen", (await browser.PageAsync(link)).Html, StringComparison.Ordinal);

        world.Clock.Offset = TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1);
        try
        {
            using var later = await world.LoggedInAsync(invitee); // the first login has long ended (Sessions:IdleTimeout)
            Assert.Contains("abgelaufen", (await later.PageAsync(link)).Html, StringComparison.Ordinal);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal(0, await world.WithDatabaseAsync((db, _) => db.MembershipRequests.CountAsync(r => r.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task A_revoked_invitation_leaves_a_dead_link()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var administration = await InviteAsync(admin, organisation, invitee + "@example.org", "auszubildender");
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org")).TextBody, AcceptPath);

        var revoked = await admin.AfterAsync(admin.PostAsync(administration, "form[action*='handler=Revoke']"));
        Assert.Contains("widerrufen", Status(revoked), StringComparison.Ordinal);
        Assert.Contains("Es gibt keine offenen Einladungen.", revoked.Html, StringComparison.Ordinal);

        using var browser = await world.LoggedInAsync(invitee);
        Assert.Contains("ungültig oder wurde widerrufen", (await browser.PageAsync(link)).Html, StringComparison.Ordinal);
        Assert.Equal([AuditAction.InvitationSent, AuditAction.InvitationRevoked], (await world.AuditOfAsync(organisation.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_resent_invitation_kills_the_old_link_and_the_new_one_works()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        var address = invitee + "@example.org";
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var administration = await InviteAsync(admin, organisation, address, "auszubildender");
        var oldLink = Link(Assert.Single(await world.Smtp.WaitForAsync(address)).TextBody, AcceptPath);

        var resent = await admin.AfterAsync(admin.PostAsync(administration, "form[action*='handler=Resend']"));
        Assert.Contains("erneut versendet", Status(resent), StringComparison.Ordinal);
        var newLink = Link((await world.Smtp.WaitForAsync(address, 2)).Select(m => m.TextBody ?? "").Single(b => !b.Contains(oldLink, StringComparison.Ordinal)), AcceptPath);
        Assert.NotEqual(oldLink, newLink);

        using var browser = await world.LoggedInAsync(invitee);
        Assert.Contains("ungültig oder wurde widerrufen", (await browser.PageAsync(oldLink)).Html, StringComparison.Ordinal);
        var done = await browser.AfterAsync(browser.PostAsync(await browser.PageAsync(newLink), "#einladung-annehmen"));
        Assert.Contains("ist gestellt", done.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirming_the_same_link_twice_at_once_creates_one_request()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, invitee + "@example.org", "auszubildender");
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org")).TextBody, AcceptPath);
        using var first = await world.LoggedInAsync(invitee);
        using var second = await world.LoggedInAsync(invitee);
        var firstPage = await first.PageAsync(link);
        var secondPage = await second.PageAsync(link);

        var outcomes = await Task.WhenAll(first.AfterAsync(first.PostAsync(firstPage, "#einladung-annehmen")), second.AfterAsync(second.PostAsync(secondPage, "#einladung-annehmen")));

        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        Assert.Single(outcomes, o => o.Html.Contains("ist gestellt", StringComparison.Ordinal));
        Assert.Equal(1, await world.WithDatabaseAsync((db, _) => db.MembershipRequests.CountAsync(r => r.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task Members_open_invitations_and_bad_input_are_refused_with_a_clear_message()
    {
        var organisation = await world.CreateOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member);
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);

        var already = await InviteAsync(admin, organisation, member.ToUpperInvariant() + "@EXAMPLE.ORG", "auszubildender");
        Assert.Contains("gehört bereits zu dieser Organisation", already.Html, StringComparison.Ordinal);

        var address = "neu-" + Guid.NewGuid().ToString("N")[..8] + "@example.org";
        await InviteAsync(admin, organisation, address, "auszubildender");
        Assert.Contains("bereits eine offene Einladung", (await InviteAsync(admin, organisation, address, "auszubildender")).Html, StringComparison.Ordinal);

        var noRole = await InviteAsync(admin, organisation, "x" + address);
        Assert.Contains("mindestens eine Rolle", noRole.Html, StringComparison.Ordinal);
        var badAddress = await InviteAsync(admin, organisation, "keine-adresse", "auszubildender");
        Assert.Equal("true", badAddress.Document.QuerySelector("#Input_Email")!.GetAttribute("aria-invalid"));
        Assert.NotNull(badAddress.Document.QuerySelector(".error-summary"));

        Assert.Equal(1, await world.WithDatabaseAsync((db, _) => db.Invitations.CountAsync(i => i.OrganisationId == organisation.Id)));
        using var memberBrowser = await world.LoggedInAsync(member);
        Assert.Empty(world.Smtp.To(member + "@example.org"));
    }

    [Fact]
    public async Task A_member_who_opens_an_invitation_hears_that_they_already_belong()
    {
        var organisation = await world.CreateOrganisationAsync();
        var invitee = await world.CreateUserAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        await InviteAsync(admin, organisation, invitee + "@example.org", "auszubildender");
        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(invitee + "@example.org")).TextBody, AcceptPath);
        await world.AddMemberAsync(organisation.Id, invitee);

        using var browser = await world.LoggedInAsync(invitee);
        Assert.Contains("Sie sind bereits Mitglied von " + organisation.Firmierung, (await browser.PageAsync(link)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organisation_sends_at_most_30_invitation_mails_an_hour()
    {
        var organisation = await world.CreateOrganisationAsync();
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        HtmlPage last = null!;
        for (var i = 0; i < 30; i++)
        {
            last = await InviteAsync(admin, organisation, $"flut{i}-{organisation.Id:N}@example.org", "auszubildender");
            Assert.Contains("ist versendet", Status(last), StringComparison.Ordinal);
        }

        var refused = await InviteAsync(admin, organisation, $"flut30-{organisation.Id:N}@example.org", "auszubildender");
        Assert.Contains("in der letzten Stunde bereits 30 Einladungen", Status(refused), StringComparison.Ordinal);
        var resend = await admin.AfterAsync(admin.PostAsync(last, "form[action*='handler=Resend']"));
        Assert.Contains("in der letzten Stunde bereits 30 Einladungen", Status(resend), StringComparison.Ordinal);
        Assert.Equal(30, await world.WithDatabaseAsync((db, _) => db.Invitations.CountAsync(i => i.OrganisationId == organisation.Id)));

        world.Clock.Offset = TimeSpan.FromMinutes(61);
        try
        {
            using var later = await world.LoggedInAsync(organisation.AdminUserName); // an hour idle ends the first login (Sessions:IdleTimeout)
            Assert.Contains("ist versendet", Status(await InviteAsync(later, organisation, $"flut31-{organisation.Id:N}@example.org", "auszubildender")), StringComparison.Ordinal);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    /// <summary>"Benutzer hinzufügen" with the given Berichtsheft roles; returns the page after "Weiter".</summary>
    private async Task<HtmlPage> InviteAsync(BrowserSession admin, TestOrganisation organisation, string email, params string[] roleKeys)
    {
        var form = await admin.PageAsync($"organisationen/{organisation.Id}/einladungen/neu");
        var fields = form.Form("#einladung", new Dictionary<string, string> { ["Input.Email"] = email });
        foreach (var key in roleKeys)
        {
            fields.Fields.Add(KeyValuePair.Create("Input.Roles", (await world.RoleIdAsync(key)).ToString()));
        }

        return (await admin.FollowAsync(await admin.SubmitAsync(fields))).RequiredPage;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationTestsOnSqlite(SqliteWorld world) : InvitationTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class InvitationTestsOnPostgreSql(PostgreSqlWorld world) : InvitationTests(world);
