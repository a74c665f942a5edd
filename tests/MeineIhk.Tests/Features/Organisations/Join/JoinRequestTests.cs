using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.MembershipRequests;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;


using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Organisations.Join;

/// <summary>Chapter 5: a user asks to join an organisation by entering its data exactly.</summary>
public abstract class JoinRequestTests(TestWorld world)
{
    [Fact]
    public async Task Joining_with_the_exact_data_sends_a_request_with_the_chosen_roles_to_every_administrator()
    {
        var organisation = await world.CreateOrganisationAsync();
        var secondAdmin = await world.CreateUserAsync("admin");
        await world.AddMemberAsync(organisation.Id, secondAdmin, administrator: true);
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);

        var form = await browser.PageAsync("organisationen/beitreten");
        Assert.Contains("Noch 500 Zeichen verfügbar", form.Text("#Input_Reason-zaehler"), StringComparison.Ordinal);
        var sent = await browser.AfterAsync(browser.PostAsync(form, "#join-form", TestDataBuilder.JoinValues(organisation),
            [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("auszubildender")).ToString())]));

        Assert.Equal("/organisationen", sent.RequestUri.AbsolutePath);
        Assert.Contains($"Ihre Beitrittsanfrage an {organisation.Firmierung} ist gestellt", sent.Html, StringComparison.Ordinal);
        var request = await world.RequestOfAsync(organisation.Id, userName);
        Assert.NotNull(request);
        Assert.Equal(MembershipRequestKind.Join, request.Kind);
        Assert.Equal(MembershipRequestStatus.Open, request.Status);
        Assert.Equal("Ich bin Azubi und möchte mein Berichtsheft führen.", request.Reason);
        Assert.Equal(await world.RoleIdAsync("auszubildender"), Assert.Single(request.Roles).FachanwendungRoleId);

        foreach (var admin in new[] { organisation.AdminUserName, secondAdmin })
        {
            var mail = Assert.Single(await world.Smtp.WaitForAsync(admin + "@example.org"));
            Assert.Equal("Neue Beitrittsanfrage an Ihre Organisation", mail.Subject);
            Assert.Contains($"Neue Beitrittsanfrage an {organisation.Firmierung} von Test {userName}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"/organisationen/{organisation.Id}/anfragen/{request.Id}", mail.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Case_and_white_space_variants_of_the_data_and_a_right_Identnummer_match()
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);

        var values = TestDataBuilder.JoinValues("  " + organisation.Firmierung.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal), "lange  straße ", "7A", " 52062", organisation.Identnummer);
        var sent = await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", values));

        Assert.Equal("/organisationen", sent.RequestUri.AbsolutePath);
        Assert.NotNull(await world.RequestOfAsync(organisation.Id, userName));
    }

    [Theory]
    [InlineData("firmierung")]
    [InlineData("strasse")]
    [InlineData("identnummer")]
    public async Task A_near_miss_or_a_wrong_Identnummer_finds_nothing_and_reveals_nothing(string wrong)
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);

        var values = wrong switch
        {
            "firmierung" => TestDataBuilder.JoinValues(organisation.Firmierung.Replace(" GmbH", "", StringComparison.Ordinal), organisation.Strasse, organisation.Hausnummer, organisation.Plz),
            "strasse" => TestDataBuilder.JoinValues(organisation.Firmierung, "Lange Str.", organisation.Hausnummer, organisation.Plz),
            _ => TestDataBuilder.JoinValues(organisation.Firmierung, organisation.Strasse, organisation.Hausnummer, organisation.Plz, "1" + organisation.Identnummer),
        };
        var response = await browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", values);
        var page = await HtmlPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Zu diesen Angaben haben wir keine Organisation gefunden.", page.Text(".error-summary"), StringComparison.Ordinal);
        Assert.Contains("Bitte prüfen Sie die Angaben anhand des Impressums Ihres Unternehmens; bei mehreren Standorten verwenden Sie die Daten des Hauptsitzes.", page.Html, StringComparison.Ordinal);
        if (wrong != "identnummer")
        {
            Assert.DoesNotContain(organisation.Identnummer, page.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("IHK Aachen", page.Html, StringComparison.Ordinal);
        Assert.Null(await world.RequestOfAsync(organisation.Id, userName));
    }

    [Fact]
    public async Task Members_and_users_with_an_open_request_are_told_so_and_nothing_is_added()
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);
        await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));

        var again = await HtmlPage.ReadAsync(await browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
        Assert.Contains($"Ihre Beitrittsanfrage an {organisation.Firmierung} liegt bereits vor", again.Text(".error-summary"), StringComparison.Ordinal);

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var asMember = await HtmlPage.ReadAsync(await admin.PostAsync(await admin.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
        Assert.Contains($"Sie sind bereits Mitglied von {organisation.Firmierung}.", asMember.Text(".error-summary"), StringComparison.Ordinal);

        Assert.Equal(1, await world.WithDatabaseAsync(async (db, _) => await db.MembershipRequests.CountAsync(r => r.OrganisationId == organisation.Id)));
    }

    [Theory]
    [InlineData("", "Bitte füllen Sie das Feld „Beitrittsgrund“ aus.")]
    [InlineData("501", "„Beitrittsgrund“ darf höchstens 500 Zeichen lang sein.")]
    public async Task The_reason_is_required_and_at_most_500_characters(string reason, string error)
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);

        var text = reason == "501" ? new string('x', 501) : reason;
        var values = TestDataBuilder.JoinValues(organisation.Firmierung, organisation.Strasse, organisation.Hausnummer, organisation.Plz, reason: text);
        var page = await HtmlPage.ReadAsync(await browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", values));

        Assert.Contains(error, page.Text("#Input_Reason-fehler"), StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector("#Input_Reason")!.GetAttribute("aria-invalid"));
        Assert.Contains("Input_Reason-fehler", page.Document.QuerySelector("#Input_Reason")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Null(await world.RequestOfAsync(organisation.Id, userName));
    }

    [Fact]
    public async Task Line_breaks_count_once_so_500_characters_with_breaks_are_accepted()
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using var browser = await world.LoggedInAsync(userName);

        var text = new string('a', 249) + "\r\n" + new string('b', 250);
        var values = TestDataBuilder.JoinValues(organisation.Firmierung, organisation.Strasse, organisation.Hausnummer, organisation.Plz, reason: text);
        await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", values));

        Assert.Equal(500, (await world.RequestOfAsync(organisation.Id, userName))!.Reason.Length);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class JoinRequestTestsOnSqlite(SqliteWorld world) : JoinRequestTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class JoinRequestTestsOnPostgreSql(PostgreSqlWorld world) : JoinRequestTests(world);
