using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Accounts.ForgotPassword;
using MeineIhk.Tests.Features.Accounts.Passwords;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Hosting;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Profile;

/// <summary>Chapter 7 of the manual: change data and password, lock and delete the account, download one's data.</summary>
public abstract partial class SelfServiceTests(TestWorld world)
{
    private const string Organisation = "Spiel- und Spaß GmbH";

    [Fact]
    public async Task Changed_personal_data_reaches_the_next_token()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var browser = await LoggedInAsync(userName);

        var form = await PageAsync(browser, "konto");
        var values = new Dictionary<string, string> { ["Input.Anrede"] = "Frau", ["Input.GivenName"] = "Renate", ["Input.FamilyName"] = "Neumann", ["Input.AcademicTitle"] = "" };
        var saved = (await browser.FollowAsync(await browser.SubmitAsync(Form(form, "Data", values)))).RequiredPage;
        Assert.Contains("Ihre Daten sind gespeichert.", saved.Html, StringComparison.Ordinal);

        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid profile");
        Assert.Equal("Renate Neumann", (await client.ValidateAsync(tokens.IdToken!, TestWorld.SampleClientId)).GetClaim("name").Value);
    }

    [Fact]
    public async Task A_new_email_address_applies_only_once_confirmed_and_the_old_one_is_told()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        var oldAddress = userName + "@example.org";
        var newAddress = "neu-" + oldAddress;
        using var browser = await LoggedInAsync(userName);

        var form = await PageAsync(browser, "konto");
        await browser.SubmitAsync(Form(form, "Email", new Dictionary<string, string> { ["NewEmail.Email"] = newAddress, ["NewEmail.EmailRepeat"] = newAddress, ["NewEmail.CurrentPassword"] = TestWorld.Password }));
        Assert.Equal("Änderung Ihrer E-Mail-Adresse angefordert", Assert.Single(await world.Smtp.WaitForAsync(oldAddress)).Subject);
        Assert.Equal(oldAddress, await EmailOfAsync(userName));

        var link = Link(Assert.Single(await world.Smtp.WaitForAsync(newAddress)).TextBody, "email-aenderung-bestaetigen");
        var confirm = await HtmlPage.ReadAsync(await browser.Http.GetAsync(link));
        await browser.SubmitAsync(confirm.Form("#inhalt form[method=post]"));
        Assert.Equal(newAddress, await EmailOfAsync(userName));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_other_sessions_and_refresh_tokens()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        using var otherDevice = await LoggedInAsync(userName);
        using var browser = await LoggedInAsync(userName);

        var form = await PageAsync(browser, "konto/passwort");
        var wrong = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", Passwords("Falsch-1234!", "Neues-Passwort-2026?"))));
        Assert.Contains("Das aktuelle Passwort ist nicht richtig.", wrong.Html, StringComparison.Ordinal);

        var changed = (await browser.FollowAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", Passwords(TestWorld.Password, "Neues-Passwort-2026?"))))).RequiredPage;
        Assert.Contains("Ihr Passwort ist geändert", changed.Html, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
        await world.Smtp.WaitForAsync(userName + "@example.org");

        // The other device's session ends at its next security-stamp check (at most a minute later).
        world.Clock.Offset = TimeSpan.FromMinutes(2);
        try
        {
            Assert.Equal("/anmelden", (await otherDevice.GetAsync(world.ProviderUrl)).RequiredPage.RequestUri.AbsolutePath);
            Assert.Equal("/", (await browser.GetAsync(world.ProviderUrl)).RequiredPage.RequestUri.AbsolutePath);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_locked_account_refuses_login_and_tokens_until_the_mailed_link_unlocks_it()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        using var browser = await LoggedInAsync(userName);

        var form = await PageAsync(browser, "konto/sperren");
        var locked = (await browser.FollowAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]")))).RequiredPage;
        Assert.Contains("Ihr Konto ist gesperrt", locked.Html, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
        Assert.Contains("weil Sie es selbst gesperrt haben", await client.FailedLoginMessageAsync(userName, TestWorld.Password), StringComparison.Ordinal);

        // Two mails in either order: the new-device notice of the second browser and the lock's own.
        var link = Link((await world.Smtp.WaitForAsync(userName + "@example.org", 2)).Single(m => m.Subject == "Ihr Konto ist gesperrt").TextBody, "entsperren");
        var unlock = await HtmlPage.ReadAsync(await browser.Http.GetAsync(link));
        var unlocked = await HtmlPage.ReadAsync(await browser.SubmitAsync(unlock.Form("#inhalt form[method=post]")));
        Assert.Contains("Ihr Konto ist entsperrt", unlocked.Html, StringComparison.Ordinal);

        var again = await HtmlPage.ReadAsync(await browser.SubmitAsync(unlock.Form("#inhalt form[method=post]")));
        Assert.Contains("wurde schon benutzt", again.Html, StringComparison.Ordinal);
        await new OidcTestClient(world).LoginAndRedeemAsync(userName, TestWorld.Password, "openid");
    }

    [Fact]
    public async Task The_last_administrator_cannot_delete_the_account()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        await world.WithDatabaseAsync(async db =>
        {
            var org = new MeineIhk.IdentityProvider.Domain.Organisation
            {
                Firmierung = "Alleinadmin " + userName, Rechtsform = "GmbH", Strasse = "Weg", Hausnummer = "1", Plz = "52062", Ort = "Aachen",
                ChamberId = (await db.Chambers.FirstAsync()).Id, Status = MeineIhk.IdentityProvider.Domain.OrganisationStatus.Active,
            };
            org.AddMember(await db.Users.SingleAsync(u => u.UserName == userName), isAdministrator: true, world.Now);
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
        });
        using var browser = await LoggedInAsync(userName);

        var form = await PageAsync(browser, "konto/loeschen");
        var refused = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", new Dictionary<string, string> { ["Password"] = TestWorld.Password })));
        Assert.Contains("letzte Unternehmensadministrator von: Alleinadmin " + userName, refused.Html, StringComparison.Ordinal);
        Assert.True(await world.WithDatabaseAsync(async (db, _) => await db.Users.AnyAsync(u => u.UserName == userName)));
    }

    [Fact]
    public async Task Deleting_the_account_erases_data_memberships_and_tokens()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access ihk.org");
        using var browser = await LoggedInAsync(userName);

        var form = await PageAsync(browser, "konto/loeschen");
        var wrong = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", new Dictionary<string, string> { ["Password"] = "Falsch-1234!" })));
        Assert.Contains("Das aktuelle Passwort ist nicht richtig.", wrong.Html, StringComparison.Ordinal);

        var deleted = (await browser.FollowAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", new Dictionary<string, string> { ["Password"] = TestWorld.Password })))).RequiredPage;
        Assert.Contains("Ihr Konto und Ihre persönlichen Daten sind gelöscht.", deleted.Html, StringComparison.Ordinal);
        Assert.False(await world.WithDatabaseAsync(async (db, _) => await db.Users.AnyAsync(u => u.UserName == userName)));
        Assert.False(await world.WithDatabaseAsync(async (db, _) => await db.Memberships.AnyAsync(m => m.User.UserName == userName)));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
    }

    [Fact]
    public async Task The_data_download_holds_the_account_and_memberships_but_no_secrets_named_in_the_users_language()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var browser = await LoggedInAsync(userName);

        var response = await browser.Http.GetAsync("konto/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(json);
        Assert.Equal(userName, document.RootElement.GetProperty("Konto").GetProperty("Benutzername").GetString());
        var membership = document.RootElement.GetProperty("Mitgliedschaften")[0];
        Assert.Equal(Organisation, membership.GetProperty("Organisation").GetString());
        Assert.Contains("Auszubildende", membership.GetProperty("Rollen").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PasswordHash", json, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityStamp", json, StringComparison.Ordinal);

        using var english = JsonDocument.Parse(await browser.Http.GetStringAsync("konto/export?culture=en"));
        Assert.Equal(userName, english.RootElement.GetProperty("Account").GetProperty("User name").GetString());
        Assert.Equal(Organisation, english.RootElement.GetProperty("Memberships")[0].GetProperty("Organisation").GetString());

        // "Meine gespeicherten Daten": the same report to read, never stored by the browser.
        var stored = await browser.Http.GetAsync("konto/gespeicherte-daten");
        Assert.True(stored.Headers.CacheControl?.NoStore);
        var page = await HtmlPage.ReadAsync(stored);
        Assert.Equal("Meine gespeicherten Daten", page.Document.QuerySelector("h1")!.TextContent);
        Assert.Contains(userName, page.Html, StringComparison.Ordinal);
        Assert.Contains(Organisation, page.Html, StringComparison.Ordinal);
        Assert.Contains("Mitgliedschaften", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("PasswordHash", page.Html, StringComparison.Ordinal);
    }

    private async Task<BrowserSession> LoggedInAsync(string userName)
    {
        var browser = new BrowserSession(world.ProviderUrl);
        var page = (await browser.GetAsync(world.ProviderUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal("/", page.RequestUri.AbsolutePath);
        return browser;
    }

    private static async Task<HtmlPage> PageAsync(BrowserSession browser, string path) =>
        await HtmlPage.ReadAsync(await browser.Http.GetAsync(path));

    private static (HttpMethod, Uri, List<KeyValuePair<string, string>>) Form(HtmlPage page, string handler, Dictionary<string, string> values)
    {
        var form = page.Form($"form[action*='handler={handler}']", values);
        return (form.Method, form.Action, form.Fields);
    }

    private static Dictionary<string, string> Passwords(string current, string next) =>
        new() { ["CurrentPassword"] = current, ["NewPassword"] = next, ["NewPasswordRepeat"] = next };

    private Task<string?> EmailOfAsync(string userName) =>
        world.WithDatabaseAsync(async (db, _) => (await db.Users.SingleAsync(u => u.UserName == userName)).Email);

    private static string Link(string? text, string page) =>
        Regex.Match(text ?? string.Empty, $@"http://\S+/{page}\?\S+").Value;
}

[Collection(SqliteCollection.Name)]
public sealed class SelfServiceTestsOnSqlite(SqliteWorld world) : SelfServiceTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class SelfServiceTestsOnPostgreSql(PostgreSqlWorld world) : SelfServiceTests(world);
