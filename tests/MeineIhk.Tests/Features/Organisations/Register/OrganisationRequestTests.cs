using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberDirectory;
using MeineIhk.Tests.Features.Organisations.Activate;
using MeineIhk.Tests.Features.Organisations.CompanyData;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Register;

/// <summary>Chapter 3, "Neue Organisation anlegen": data entry, summary, the request to the chamber of the postal code, its status.</summary>
public abstract class OrganisationRequestTests(TestWorld world)
{
    private const string StepOne = "form[action*='handler=Next']";
    private const string Summary = "#inhalt form[method=post]";

    [Fact]
    public async Task A_request_goes_after_the_summary_to_the_chamber_of_the_postal_code()
    {
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);
        var identnummer = TestDataBuilder.NewIdentnummer();
        var values = Valid("Hafenbau " + identnummer + " GmbH", "26789", identnummer);

        var form = await browser.PageAsync("organisationen/neu");
        Assert.Contains("1. Dateneingabe", form.Html, StringComparison.Ordinal);
        var summary = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, values));
        Assert.Equal("step", summary.Document.QuerySelector(".steps li:nth-child(2)")!.GetAttribute("aria-current"));
        Assert.Contains("IHK für Ostfriesland und Papenburg (Kammernummer 102)", summary.Html, StringComparison.Ordinal);
        Assert.Contains("Durch Absenden des Formulars wird der Registrierungsantrag an die für Sie zuständige IHK zur Prüfung übermittelt.", summary.Html, StringComparison.Ordinal);
        Assert.Equal(0, await RequestsOfAsync(userName));

        var status = (await browser.FollowAsync(await browser.PostAsync(summary, Summary, handler: "Submit"))).RequiredPage;
        Assert.Contains("/organisationen/antrag/", status.RequestUri.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("beantragt", status.Html, StringComparison.Ordinal);

        var stored = await world.QueryAsync(db => db.Organisations.Include(o => o.Chamber).SingleAsync(o => o.Identnummer == identnummer));
        Assert.Equal(OrganisationStatus.Requested, stored.Status);
        Assert.Equal("102", stored.Chamber.Kammernummer);
        Assert.Equal("Hafenbau " + identnummer + " GmbH", stored.Firmierung);
        Assert.Equal("GmbH & Co. KG", stored.Rechtsform);
        Assert.Equal("HRB", stored.Registerart);
        Assert.Equal("Wir bilden aus.", stored.Begruendung);
        Assert.Equal(await UserIdAsync(userName), stored.RequestedByUserId);
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.OrganisationId == stored.Id && a.Action == AuditAction.OrganisationRequested)));
        Assert.Equal("Ihr Registrierungsantrag ist eingegangen", Assert.Single(await world.Smtp.WaitForAsync(userName + "@example.org")).Subject);

        var dashboard = await browser.PageAsync("/");
        Assert.Contains("Hafenbau " + identnummer + " GmbH", dashboard.Html, StringComparison.Ordinal);
        Assert.Contains("beantragt", dashboard.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_from_the_summary_keeps_the_entries()
    {
        using var browser = await world.LoggedInAsync(await world.CreateUserAsync());
        var form = await browser.PageAsync("organisationen/neu");
        var summary = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, Valid("Zurückbau GmbH", "52070", "")));

        var back = await HtmlPage.ReadAsync(await browser.PostAsync(summary, Summary, handler: "Back"));
        Assert.Equal("Zurückbau GmbH", back.Document.QuerySelector("#Input_Firmierung")!.GetAttribute("value"));
        Assert.Equal("Wir bilden aus.", back.Document.QuerySelector("#Input_Begruendung")!.TextContent);
        Assert.Equal("Noch 285 Zeichen verfügbar", back.Document.QuerySelector("#Input_Begruendung-zaehler")!.TextContent);
    }

    [Fact]
    public async Task Missing_and_malformed_entries_are_refused_and_nothing_is_stored()
    {
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);
        var form = await browser.PageAsync("organisationen/neu");
        Assert.Equal("Noch 300 Zeichen verfügbar", form.Document.QuerySelector("#Input_Begruendung-zaehler")!.TextContent);

        var empty = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, new Dictionary<string, string>()));
        foreach (var field in new[] { "Firmierung", "Rechtsform", "Straße", "Hausnummer", "PLZ", "Ort" })
        {
            Assert.Contains($"Bitte füllen Sie das Feld „{field}“ aus.", empty.Html, StringComparison.Ordinal);
        }

        Assert.Contains("Bitte füllen Sie das Feld „Begründung“ aus.", empty.Html, StringComparison.Ordinal);
        Assert.Equal("true", empty.Document.QuerySelector("#Input_Firmierung")!.GetAttribute("aria-invalid"));

        var values = Valid("Fehlerfrei GmbH", "5206", "12ab!");
        values["Input.Rechtsform"] = "Briefkastenfirma";
        values["Input.Registerart"] = "XYZ";
        values["Input.Begruendung"] = new string('x', 301);
        var malformed = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, values));
        Assert.Contains("Die PLZ besteht aus genau fünf Ziffern.", malformed.Html, StringComparison.Ordinal);
        Assert.Contains("Bitte wählen Sie eine Rechtsform aus der Liste.", malformed.Html, StringComparison.Ordinal);
        Assert.Contains("Bitte wählen Sie eine Registerart aus der Liste.", malformed.Html, StringComparison.Ordinal);
        Assert.Contains("Die Identnummer besteht aus höchstens 20 Ziffern oder Buchstaben.", malformed.Html, StringComparison.Ordinal);
        Assert.Contains("„Begründung“ darf höchstens 300 Zeichen lang sein.", malformed.Html, StringComparison.Ordinal);
        Assert.Equal("1 Zeichen zu viel", malformed.Document.QuerySelector("#Input_Begruendung-zaehler")!.TextContent);

        var unknown = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, Valid("Nirgendwo GmbH", "99999", "")));
        Assert.Contains("Für die PLZ 99999 ist uns keine zuständige IHK bekannt.", unknown.Html, StringComparison.Ordinal);
        Assert.Equal("true", unknown.Document.QuerySelector("#Input_Plz")!.GetAttribute("aria-invalid"));

        // A forged summary (no valid draft) stores nothing either.
        var forged = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, new Dictionary<string, string> { ["Draft"] = "gefälscht" }, handler: "Submit"));
        Assert.Contains("Ihre Eingaben sind abgelaufen", forged.Html, StringComparison.Ordinal);
        Assert.Equal(0, await RequestsOfAsync(userName));
    }

    [Fact]
    public async Task Exactly_300_characters_with_line_breaks_are_accepted()
    {
        using var browser = await world.LoggedInAsync(await world.CreateUserAsync());
        var values = Valid("Dreihundert GmbH", "52080", "");
        values["Input.Begruendung"] = new string('a', 149) + "\r\n" + new string('b', 150);
        var form = await browser.PageAsync("organisationen/neu");
        var summary = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, values));
        Assert.Contains("2. Zusammenfassung", summary.Html, StringComparison.Ordinal);
        Assert.Null(summary.Document.QuerySelector(".error-summary"));
    }

    [Fact]
    public async Task A_second_request_for_the_same_company_in_the_chamber_is_refused()
    {
        var first = await world.CreateApprovedOrganisationAsync();
        using var browser = await world.LoggedInAsync(await world.CreateUserAsync());
        var form = await browser.PageAsync("organisationen/neu");

        var sameIdent = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, Valid("Anderer Name GmbH", "52062", first.Identnummer)));
        Assert.Contains("Für diese Identnummer liegt bei der IHK Aachen bereits ein Antrag vor", sameIdent.Html, StringComparison.Ordinal);

        var sameName = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, Valid("  " + first.Firmierung.ToUpperInvariant() + " ", "52062", "")));
        Assert.Contains("Eine Organisation mit dieser Firmierung und PLZ ist bei der IHK Aachen bereits beantragt oder registriert.", sameName.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_request_shows_the_reason_and_the_Identnummer_can_be_requested_again()
    {
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);
        var identnummer = TestDataBuilder.NewIdentnummer();
        var form = await browser.PageAsync("organisationen/neu");
        var summary = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, Valid("Abgelehnt GmbH", "52062", identnummer)));
        var status = (await browser.FollowAsync(await browser.PostAsync(summary, Summary, handler: "Submit"))).RequiredPage;

        await world.WithDatabaseAsync(async db =>
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Identnummer == identnummer);
            organisation.Reject("Die Firma ist in unserem Verzeichnis nicht zu finden.", organisation.RequestedByUserId!, DateTime.UtcNow);
            await db.SaveChangesAsync();
        });
        var rejected = await browser.PageAsync(status.RequestUri.PathAndQuery);
        Assert.Contains("abgelehnt", rejected.Html, StringComparison.Ordinal);
        Assert.Contains("Die Firma ist in unserem Verzeichnis nicht zu finden.", rejected.Html, StringComparison.Ordinal);

        var dashboard = await browser.PageAsync("/");
        Assert.Contains("Begründung der IHK: Die Firma ist in unserem Verzeichnis nicht zu finden.", dashboard.Html, StringComparison.Ordinal);

        using var stranger = await world.LoggedInAsync(await world.CreateUserAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(status.RequestUri.PathAndQuery)).StatusCode);

        var again = await HtmlPage.ReadAsync(await browser.PostAsync(form, StepOne, Valid("Abgelehnt GmbH", "52062", identnummer)));
        var submitted = (await browser.FollowAsync(await browser.PostAsync(again, Summary, handler: "Submit"))).RequiredPage;
        Assert.Contains("beantragt", submitted.Html, StringComparison.Ordinal);
        Assert.Equal(2, await RequestsOfAsync(userName));
    }

    [Fact]
    public async Task The_pages_need_a_login()
    {
        using var anonymous = new BrowserSession(world.ProviderUrl);
        foreach (var path in new[] { "organisationen/neu", "organisationen/aktivieren" })
        {
            var response = await anonymous.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/anmelden", response.Headers.Location!.AbsolutePath);
        }
    }

    private static Dictionary<string, string> Valid(string firmierung, string plz, string identnummer) => new()
    {
        ["Input.Firmierung"] = firmierung,
        ["Input.Rechtsform"] = "GmbH & Co. KG",
        ["Input.Strasse"] = "Am Hafen",
        ["Input.Hausnummer"] = "7a",
        ["Input.Plz"] = plz,
        ["Input.Ort"] = "Irgendwo",
        ["Input.Identnummer"] = identnummer,
        ["Input.HrNummer"] = "12345",
        ["Input.Registergericht"] = "Amtsgericht Aurich",
        ["Input.Registerart"] = "HRB",
        ["Input.Begruendung"] = "Wir bilden aus.",
    };

    private async Task<int> RequestsOfAsync(string userName)
    {
        var userId = await UserIdAsync(userName);
        return await world.QueryAsync(db => db.Organisations.CountAsync(o => o.RequestedByUserId == userId));
    }

    private Task<string> UserIdAsync(string userName) =>
        world.QueryAsync(async db => (await db.Users.SingleAsync(u => u.UserName == userName)).Id);
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationRequestTestsOnSqlite(SqliteWorld world) : OrganisationRequestTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class OrganisationRequestTestsOnPostgreSql(PostgreSqlWorld world) : OrganisationRequestTests(world);
