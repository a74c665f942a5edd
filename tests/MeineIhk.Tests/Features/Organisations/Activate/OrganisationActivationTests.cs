using System.Net;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberDirectory;
using MeineIhk.Tests.Features.Organisations.CompanyData;
using MeineIhk.Tests.Features.Organisations.Register;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Activate;

/// <summary>Chapter 3, "Organisation aktivieren": the letter's password makes its holder the first administrator, once.</summary>
public abstract class OrganisationActivationTests(TestWorld world)
{
    private const string Form = "#inhalt form[method=post]";
    private const string NoMatch = "Identnummer, Kammernummer und Passwort passen nicht zu einem gültigen Aktivierungsbrief";

    [Fact]
    public async Task The_right_password_activates_the_organisation_and_makes_the_user_its_administrator()
    {
        var userName = await world.CreateUserAsync();
        var organisation = await world.CreateApprovedOrganisationAsync();
        using var browser = await world.LoggedInAsync(userName);

        // As typed from paper: lower case, blanks instead of hyphens.
        var typed = organisation.Password.ToLowerInvariant().Replace('-', ' ');
        var manage = (await browser.FollowAsync(await ActivateAsync(browser, organisation.Identnummer, organisation.Kammernummer, typed))).RequiredPage;
        Assert.Equal($"/organisationen/{organisation.Id}/daten", manage.RequestUri.AbsolutePath);
        Assert.Contains($"Die Organisation {organisation.Firmierung} ist aktiviert.", manage.Html, StringComparison.Ordinal);

        var stored = await world.QueryAsync(db => db.Organisations.Include(o => o.Memberships).ThenInclude(m => m.User).SingleAsync(o => o.Id == organisation.Id));
        Assert.Equal(OrganisationStatus.Active, stored.Status);
        var membership = Assert.Single(stored.Memberships);
        Assert.Equal(userName, membership.User.UserName);
        Assert.True(membership.IsAdministrator);
        Assert.NotNull((await world.QueryAsync(db => db.ActivationLetters.SingleAsync(l => l.OrganisationId == organisation.Id))).UsedAt);
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.OrganisationActivated)));
        Assert.Equal("Ihre Organisation ist aktiviert", Assert.Single(await world.Smtp.WaitForAsync(userName + "@example.org")).Subject);

        var dashboard = await browser.PageAsync("/");
        Assert.Contains(organisation.Firmierung, dashboard.Html, StringComparison.Ordinal);
        Assert.Contains("Unternehmensadministrator", dashboard.Html, StringComparison.Ordinal);
        Assert.NotNull(dashboard.Document.QuerySelector($"a[href='/organisationen/{organisation.Id}']"));
        var administration = await browser.PageAsync($"organisationen/{organisation.Id}");
        Assert.NotNull(administration.Document.QuerySelector($"a[href='/organisationen/{organisation.Id}/daten']"));
    }

    [Fact]
    public async Task The_error_does_not_tell_which_of_the_three_values_was_wrong()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();

        var messages = new List<string>();
        foreach (var (identnummer, kammernummer, password) in new[]
        {
            ("1" + organisation.Identnummer, organisation.Kammernummer, organisation.Password),
            (organisation.Identnummer, "102", organisation.Password),
            (organisation.Identnummer, organisation.Kammernummer, "AAAA-BBBB-CCCC"),
            ("0", "999", "AAAA-BBBB-CCCC"),
        })
        {
            // One person each, so that the back-off after three wrong passwords does not add its own message.
            using var browser = await world.LoggedInAsync(await world.CreateUserAsync());
            var page = await HtmlPage.ReadAsync(await ActivateAsync(browser, identnummer, kammernummer, password));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            messages.Add(page.Document.QuerySelector(".error-summary")!.TextContent.Trim());
            Assert.Empty(page.Document.QuerySelector("#Input_Passwort")!.GetAttribute("value") ?? string.Empty);
        }

        Assert.Contains(NoMatch, messages[0], StringComparison.Ordinal);
        Assert.Single(messages.Distinct());
        Assert.Equal(OrganisationStatus.Approved, await StatusAsync(organisation.Id));
    }

    /// <summary>Issue 15: five wrong passwords used to lock the letter for good, until a new postal letter came.</summary>
    [Fact]
    public async Task Five_wrong_passwords_by_one_user_make_them_wait_longer_each_time_but_never_lock_the_letter_ASVS_6_3_1()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        using var browser = await world.LoggedInAsync(await world.CreateUserAsync());

        var waits = new List<string>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var wrong = await HtmlPage.ReadAsync(await ActivateAsync(browser, organisation.Identnummer, organisation.Kammernummer, "ZZZZ-ZZZZ-ZZZ" + i));
                Assert.Contains(NoMatch, wrong.Html, StringComparison.Ordinal);
                if (wrong.Html.Contains("erneut", StringComparison.Ordinal))
                {
                    waits.Add(wrong.Text(".error-summary"));

                    // While waiting, even the right password is not checked.
                    var waiting = await HtmlPage.ReadAsync(await ActivateAsync(browser, organisation.Identnummer, organisation.Kammernummer, organisation.Password));
                    Assert.Contains("Zu viele falsche Versuche. Bitte versuchen Sie es um", waiting.Html, StringComparison.Ordinal);
                    Assert.Equal(OrganisationStatus.Approved, await StatusAsync(organisation.Id));
                    world.Clock.Offset += TimeSpan.FromMinutes(10);
                }
            }

            Assert.Equal(3, waits.Count);
            Assert.Matches(@"um \d{2}:\d{2} Uhr erneut", waits[0]);
            Assert.Equal(5, (await world.QueryAsync(db => db.ActivationLetters.SingleAsync(l => l.OrganisationId == organisation.Id))).FailedAttempts);
            Assert.Equal(5, await world.QueryAsync(db => db.AuditEntries.CountAsync(a => a.OrganisationId == organisation.Id && a.Action == AuditAction.ActivationFailed)));

            // After the wait the right password works: no new postal letter is needed.
            Assert.True(HtmlPage.IsRedirect(await ActivateAsync(browser, organisation.Identnummer, organisation.Kammernummer, organisation.Password)));
            Assert.Equal(OrganisationStatus.Active, await StatusAsync(organisation.Id));
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Another_user_is_not_held_up_by_someone_elses_wrong_passwords()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        using var guesser = await world.LoggedInAsync(await world.CreateUserAsync());
        for (var i = 0; i < 5; i++)
        {
            await ActivateAsync(guesser, organisation.Identnummer, organisation.Kammernummer, "ZZZZ-ZZZZ-ZZZ" + i);
        }

        using var holder = await world.LoggedInAsync(await world.CreateUserAsync());
        Assert.True(HtmlPage.IsRedirect(await ActivateAsync(holder, organisation.Identnummer, organisation.Kammernummer, organisation.Password)));
    }

    [Fact]
    public async Task The_chamber_staff_are_told_once_the_wrong_passwords_for_a_letter_reach_the_threshold()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        for (var i = 0; i < ActivationLetter.ChamberAlertThreshold; i++)
        {
            using var browser = await world.LoggedInAsync(await world.CreateUserAsync());
            await ActivateAsync(browser, organisation.Identnummer, organisation.Kammernummer, "ZZZZ-ZZZZ-ZZZ" + i);
        }

        var staffNotices = await world.QueryAsync(db => db.Notifications
            .Where(n => n.OrganisationId == organisation.Id && n.Kind == "activation-failures")
            .Select(n => n.UserId)
            .ToListAsync());
        var staff = await world.QueryAsync(db => db.ChamberStaff.Where(s => s.Chamber.Kammernummer == organisation.Kammernummer).Select(s => s.UserId).ToListAsync());
        Assert.NotEmpty(staff);
        Assert.Equal(staff.Order(), staffNotices.Order());
    }

    [Fact]
    public async Task An_expired_letter_fails()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        await world.WithDatabaseAsync(async db =>
        {
            var letter = await db.ActivationLetters.SingleAsync(l => l.OrganisationId == organisation.Id);
            letter.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        });
        using var browser = await world.LoggedInAsync(await world.CreateUserAsync());

        var expired = await HtmlPage.ReadAsync(await ActivateAsync(browser, organisation.Identnummer, organisation.Kammernummer, organisation.Password));
        Assert.Contains("Das Kennwort dieses Aktivierungsbriefs ist abgelaufen.", expired.Html, StringComparison.Ordinal);
        Assert.Equal(OrganisationStatus.Approved, await StatusAsync(organisation.Id));
    }

    [Fact]
    public async Task A_used_letter_cannot_be_used_again()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        var first = await world.CreateUserAsync();
        var second = await world.CreateUserAsync();
        using var firstBrowser = await world.LoggedInAsync(first);
        using var secondBrowser = await world.LoggedInAsync(second);

        Assert.True(HtmlPage.IsRedirect(await ActivateAsync(firstBrowser, organisation.Identnummer, organisation.Kammernummer, organisation.Password)));
        var again = await HtmlPage.ReadAsync(await ActivateAsync(secondBrowser, organisation.Identnummer, organisation.Kammernummer, organisation.Password));
        Assert.Contains("Dieser Aktivierungsbrief wurde bereits verwendet.", again.Html, StringComparison.Ordinal);
        Assert.Equal([first], await AdministratorsAsync(organisation.Id));
    }

    [Fact]
    public async Task Two_simultaneous_activations_with_one_letter_make_exactly_one_administrator()
    {
        var organisation = await world.CreateApprovedOrganisationAsync();
        var users = new[] { await world.CreateUserAsync(), await world.CreateUserAsync(), await world.CreateUserAsync() };
        var browsers = new List<BrowserSession>();
        foreach (var user in users)
        {
            browsers.Add(await world.LoggedInAsync(user));
        }

        try
        {
            var forms = new List<HtmlPage>();
            foreach (var browser in browsers)
            {
                forms.Add(await browser.PageAsync("organisationen/aktivieren"));
            }

            var responses = await Task.WhenAll(browsers.Select((browser, i) => browser.PostAsync(forms[i], Form, Values(organisation.Identnummer, organisation.Kammernummer, organisation.Password))));
            Assert.Single(responses, HtmlPage.IsRedirect);
            foreach (var refused in responses.Where(r => !HtmlPage.IsRedirect(r)))
            {
                var html = await refused.Content.ReadAsStringAsync();
                Assert.True(html.Contains("soeben von jemand anderem verwendet", StringComparison.Ordinal) || html.Contains("bereits verwendet", StringComparison.Ordinal), html);
            }

            Assert.Single(await AdministratorsAsync(organisation.Id));
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    private static async Task<HttpResponseMessage> ActivateAsync(BrowserSession browser, string identnummer, string kammernummer, string password)
    {
        var form = await browser.PageAsync("organisationen/aktivieren");
        return await browser.PostAsync(form, Form, Values(identnummer, kammernummer, password));
    }

    private static Dictionary<string, string> Values(string identnummer, string kammernummer, string password) =>
        new() { ["Input.Identnummer"] = identnummer, ["Input.Kammernummer"] = kammernummer, ["Input.Passwort"] = password };

    private Task<OrganisationStatus> StatusAsync(Guid id) =>
        world.QueryAsync(async db => (await db.Organisations.SingleAsync(o => o.Id == id)).Status);

    private Task<List<string>> AdministratorsAsync(Guid id) =>
        world.QueryAsync(db => db.Memberships.Where(m => m.OrganisationId == id && m.IsAdministrator).Select(m => m.User.UserName!).ToListAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationActivationTestsOnSqlite(SqliteWorld world) : OrganisationActivationTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class OrganisationActivationTestsOnPostgreSql(PostgreSqlWorld world) : OrganisationActivationTests(world);
