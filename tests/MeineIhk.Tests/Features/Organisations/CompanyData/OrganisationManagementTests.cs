using System.Net;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberDirectory;
using MeineIhk.Tests.Features.Organisations.Activate;
using MeineIhk.Tests.Features.Organisations.Register;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.CompanyData;

/// <summary>Administrators manage their organisation: data (reviewed by the chamber), contact data, a new password, deletion.</summary>
public abstract class OrganisationManagementTests(TestWorld world)
{
    private const string Form = "#inhalt form[method=post]";

    [Fact]
    public async Task A_change_of_name_or_address_waits_for_the_chamber_one_at_a_time()
    {
        var (organisation, administrator) = await world.CreateActiveOrganisationAsync();
        using var browser = await world.LoggedInAsync(administrator);

        var change = await browser.PageAsync($"organisationen/{organisation.Id}/daten/aendern");
        Assert.Equal(organisation.Firmierung, change.Document.QuerySelector("#Input_Firmierung")!.GetAttribute("value"));
        var values = Current(organisation.Firmierung);
        var unchanged = await HtmlPage.ReadAsync(await browser.PostAsync(change, Form, values));
        Assert.Contains("Sie haben nichts geändert.", unchanged.Html, StringComparison.Ordinal);

        values["Input.Plz"] = "26721";
        var otherChamber = await HtmlPage.ReadAsync(await browser.PostAsync(change, Form, values));
        Assert.Contains("Diese PLZ gehört nicht zur IHK Aachen.", otherChamber.Html, StringComparison.Ordinal);

        values["Input.Plz"] = "52064";
        values["Input.Firmierung"] = "Umbenannt " + organisation.Identnummer + " AG";
        values["Input.Rechtsform"] = "AG";
        var saved = (await browser.FollowAsync(await browser.PostAsync(change, Form, values))).RequiredPage;
        Assert.Contains("Änderung wartet auf Prüfung durch die IHK", saved.Html, StringComparison.Ordinal);
        Assert.Contains("Umbenannt " + organisation.Identnummer + " AG", saved.Html, StringComparison.Ordinal);

        var stored = await world.QueryAsync(db => db.Organisations.SingleAsync(o => o.Id == organisation.Id));
        Assert.Equal(organisation.Firmierung, stored.Firmierung);
        var open = await world.QueryAsync(db => db.OrganisationDataChanges.SingleAsync(c => c.OrganisationId == organisation.Id));
        Assert.Equal(DataChangeStatus.Open, open.Status);
        Assert.Equal("52064", open.Plz);
        Assert.Equal("AG", open.Rechtsform);

        var second = await HtmlPage.ReadAsync(await browser.PostAsync(change, Form, values));
        Assert.Contains("Änderung wartet auf Prüfung durch die IHK", second.Html, StringComparison.Ordinal);
        Assert.Equal(1, await world.QueryAsync(db => db.OrganisationDataChanges.CountAsync(c => c.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task Contact_data_changes_at_once()
    {
        var (organisation, administrator) = await world.CreateActiveOrganisationAsync();
        using var browser = await world.LoggedInAsync(administrator);
        var manage = await browser.PageAsync($"organisationen/{organisation.Id}/daten");
        const string contactForm = "form[action*='handler=Contact']";

        var invalid = await HtmlPage.ReadAsync(await browser.PostAsync(manage, contactForm,
            new Dictionary<string, string> { ["Contact.Telefon"] = "ruf mich an", ["Contact.Email"] = "keine-adresse", ["Contact.Webseite"] = "javascript:alert(1)" }));
        Assert.Contains("Die Telefonnummer darf nur Ziffern", invalid.Html, StringComparison.Ordinal);
        Assert.Contains("„E-Mail“ ist keine gültige E-Mail-Adresse.", invalid.Html, StringComparison.Ordinal);
        Assert.Contains("Bitte geben Sie eine Webadresse", invalid.Html, StringComparison.Ordinal);
        Assert.Null((await world.QueryAsync(db => db.Organisations.SingleAsync(o => o.Id == organisation.Id))).Telefon);

        var saved = (await browser.FollowAsync(await browser.PostAsync(manage, contactForm,
            new Dictionary<string, string> { ["Contact.Telefon"] = "+49 241 123456", ["Contact.Email"] = "info@example.org", ["Contact.Webseite"] = "www.example.org" }))).RequiredPage;
        Assert.Contains("Die Kontaktdaten sind gespeichert.", saved.Html, StringComparison.Ordinal);
        var stored = await world.QueryAsync(db => db.Organisations.SingleAsync(o => o.Id == organisation.Id));
        Assert.Equal(("+49 241 123456", "info@example.org", "www.example.org"), (stored.Telefon, stored.KontaktEmail, stored.Webseite));
        Assert.Equal(0, await world.QueryAsync(db => db.OrganisationDataChanges.CountAsync(c => c.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task A_new_organisation_password_makes_the_earlier_one_invalid()
    {
        var (organisation, administrator) = await world.CreateActiveOrganisationAsync();
        using var browser = await world.LoggedInAsync(administrator);

        var confirm = await browser.PageAsync($"organisationen/{organisation.Id}/neues-passwort");
        Assert.Contains("Das bisherige Passwort gilt ab sofort nicht mehr.", confirm.Html, StringComparison.Ordinal);
        var done = (await browser.FollowAsync(await browser.PostAsync(confirm, Form))).RequiredPage;
        Assert.Contains("Das neue Organisationspasswort geht per Post an: Geschäftsführung.", done.Html, StringComparison.Ordinal);
        var earlier = await CurrentPasswordAsync(organisation.Id);

        await browser.PostAsync(await browser.PageAsync($"organisationen/{organisation.Id}/neues-passwort"), Form);
        var current = await CurrentPasswordAsync(organisation.Id);
        var letters = await world.QueryAsync(db => db.ActivationLetters.Where(l => l.OrganisationId == organisation.Id).OrderBy(l => l.CreatedAt).ToListAsync());
        Assert.Equal(3, letters.Count);
        Assert.All(letters.Take(2), l => Assert.True(l.UsedAt is not null || l.RevokedAt is not null));
        Assert.Equal(ActivationLetterReason.NewPasswordRequested, letters[2].Reason);

        // Whoever holds the current letter becomes an administrator; the earlier password no longer works.
        var holder = await world.CreateUserAsync();
        using var holderBrowser = await world.LoggedInAsync(holder);
        var refused = await HtmlPage.ReadAsync(await ActivateAsync(holderBrowser, organisation, earlier));
        Assert.Contains("passen nicht zu einem gültigen Aktivierungsbrief", refused.Html, StringComparison.Ordinal);
        Assert.True(HtmlPage.IsRedirect(await ActivateAsync(holderBrowser, organisation, current)));
        Assert.True(await world.QueryAsync(db => db.Memberships.AnyAsync(m => m.OrganisationId == organisation.Id && m.User.UserName == holder && m.IsAdministrator)));
    }

    [Fact]
    public async Task Without_an_entry_in_the_member_register_no_letter_is_sent()
    {
        var (organisation, administrator) = await world.CreateActiveOrganisationAsync();
        await world.WithDatabaseAsync(async db =>
        {
            db.MemberRegister.Remove(await db.MemberRegister.SingleAsync(e => e.Identnummer == organisation.Identnummer));
            await db.SaveChangesAsync();
        });
        using var browser = await world.LoggedInAsync(administrator);

        var confirm = await browser.PageAsync($"organisationen/{organisation.Id}/neues-passwort");
        var refused = await HtmlPage.ReadAsync(await browser.PostAsync(confirm, Form));
        Assert.Contains("Bitte wenden Sie sich an Ihre IHK.", refused.Html, StringComparison.Ordinal);
        Assert.Equal(1, await world.QueryAsync(db => db.ActivationLetters.CountAsync(l => l.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task Deleting_the_organisation_ends_memberships_and_the_members_refresh_tokens()
    {
        var (organisation, administrator) = await world.CreateActiveOrganisationAsync();
        var otherAdministrator = await world.CreateUserAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, otherAdministrator, administrator: true);
        await world.AddMemberAsync(organisation.Id, member, administrator: false, "auszubildender");

        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(member, TestWorld.Password, "openid offline_access ihk.org");
        var token = await client.ValidateAsync(before.AccessToken!, null);
        Assert.Equal(organisation.Id.ToString(), token.GetClaim("org_id").Value);

        using var browser = await world.LoggedInAsync(administrator);
        var confirm = await browser.PageAsync($"organisationen/{organisation.Id}/loeschen");
        var wrong = await HtmlPage.ReadAsync(await browser.PostAsync(confirm, Form, new Dictionary<string, string> { ["Confirmation"] = "Irgendwas" }));
        Assert.Contains("Die eingegebene Firmierung stimmt nicht überein.", wrong.Html, StringComparison.Ordinal);
        Assert.Equal(OrganisationStatus.Active, await StatusAsync(organisation.Id));

        var deleted = (await browser.FollowAsync(await browser.PostAsync(confirm, Form, new Dictionary<string, string> { ["Confirmation"] = organisation.Firmierung.ToLowerInvariant() }))).RequiredPage;
        Assert.Contains($"Die Organisation {organisation.Firmierung} ist gelöscht", deleted.Html, StringComparison.Ordinal);
        Assert.Equal(OrganisationStatus.Deleted, await StatusAsync(organisation.Id));
        Assert.Equal(0, await world.QueryAsync(db => db.Memberships.CountAsync(m => m.OrganisationId == organisation.Id)));
        Assert.Equal(0, await world.QueryAsync(db => db.MemberRoles.CountAsync(r => r.Membership.OrganisationId == organisation.Id)));
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.OrganisationDeleted)));
        Assert.Equal("Eine Organisation wurde gelöscht", Assert.Single(await world.Smtp.WaitForAsync(otherAdministrator + "@example.org")).Subject);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"organisationen/{organisation.Id}/daten")).StatusCode);

        // The member's last role at the application went with the organisation: the refresh token is revoked at once (issue 6).
        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Another_organisations_administrator_and_a_plain_member_get_404_on_every_management_page()
    {
        var (organisation, _) = await world.CreateActiveOrganisationAsync();
        var (_, foreignAdministrator) = await world.CreateActiveOrganisationAsync();
        var member = await world.CreateUserAsync();
        await world.AddMemberAsync(organisation.Id, member, administrator: false);

        foreach (var userName in new[] { foreignAdministrator, member })
        {
            using var browser = await world.LoggedInAsync(userName);
            var antiforgery = (await browser.PageAsync("organisationen/aktivieren")).Document
                .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            foreach (var path in new[] { "daten", "daten/aendern", "neues-passwort", "loeschen" })
            {
                var url = $"organisationen/{organisation.Id}/{path}";
                Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync(url)).StatusCode);
                var handler = path == "daten" ? "?handler=Contact" : string.Empty;
                using var content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = antiforgery, ["Confirmation"] = organisation.Firmierung, ["Contact.Telefon"] = "0241 1",
                    ["Input.Firmierung"] = "Gekapert GmbH", ["Input.Rechtsform"] = "GmbH", ["Input.Strasse"] = "Weg", ["Input.Hausnummer"] = "1", ["Input.Plz"] = "52062", ["Input.Ort"] = "Aachen",
                });
                Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.PostAsync(url + handler, content)).StatusCode);
            }
        }

        var stored = await world.QueryAsync(db => db.Organisations.SingleAsync(o => o.Id == organisation.Id));
        Assert.Equal((OrganisationStatus.Active, organisation.Firmierung, (string?)null), (stored.Status, stored.Firmierung, stored.Telefon));
        Assert.Equal(1, await world.QueryAsync(db => db.ActivationLetters.CountAsync(l => l.OrganisationId == organisation.Id)));
        Assert.Equal(0, await world.QueryAsync(db => db.OrganisationDataChanges.CountAsync(c => c.OrganisationId == organisation.Id)));
    }

    private static Dictionary<string, string> Current(string firmierung) => new()
    {
        ["Input.Firmierung"] = firmierung, ["Input.Rechtsform"] = "GmbH", ["Input.Strasse"] = "Teststraße", ["Input.Hausnummer"] = "1",
        ["Input.Plz"] = "52062", ["Input.Ort"] = "Aachen", ["Input.HrNummer"] = "", ["Input.Registergericht"] = "", ["Input.Registerart"] = "",
    };

    private static async Task<HttpResponseMessage> ActivateAsync(BrowserSession browser, ApprovedOrganisation organisation, string password)
    {
        var form = await browser.PageAsync("organisationen/aktivieren");
        return await browser.PostAsync(form, Form, new Dictionary<string, string>
        {
            ["Input.Identnummer"] = organisation.Identnummer, ["Input.Kammernummer"] = organisation.Kammernummer, ["Input.Passwort"] = password,
        });
    }

    private Task<string> CurrentPasswordAsync(Guid organisationId) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            var letter = await db.ActivationLetters.Where(l => l.OrganisationId == organisationId && l.RevokedAt == null && l.UsedAt == null).SingleAsync();
            return services.GetRequiredService<ActivationLetterIssuer>().RevealPassword(letter)!;
        });

    private Task<OrganisationStatus> StatusAsync(Guid id) =>
        world.QueryAsync(async db => (await db.Organisations.SingleAsync(o => o.Id == id)).Status);
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationManagementTestsOnSqlite(SqliteWorld world) : OrganisationManagementTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class OrganisationManagementTestsOnPostgreSql(PostgreSqlWorld world) : OrganisationManagementTests(world);
