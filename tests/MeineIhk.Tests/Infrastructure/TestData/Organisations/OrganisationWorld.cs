using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ChamberDirectory;
using MeineIhk.Tests.Features.Organisations.Activate;
using MeineIhk.Tests.Features.Organisations.CompanyData;
using MeineIhk.Tests.Features.Organisations.Register;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Infrastructure.TestData.Organisations;

/// <summary>An organisation approved by its chamber, with the password of its current, unsent letter.</summary>
public sealed record ApprovedOrganisation(Guid Id, string Firmierung, string Identnummer, string Kammernummer, string Password);

/// <summary>Set-ups for the organisation tests: fresh users and organisations, so that tests never share state.</summary>
public static class OrganisationWorld
{
    public const string AachenKammernummer = "101";

    /// <summary>A fresh confirmed user without any membership.</summary>
    public static Task<string> CreateUserAsync(this TestWorld world) =>
        world.WithDatabaseAsync(async (_, services) =>
        {
            var userName = "org" + Guid.NewGuid().ToString("N")[..10];
            var user = new ApplicationUser { CreatedAt = world.Now, UserName = userName, Email = userName + "@example.org", EmailConfirmed = true, GivenName = "Orga", FamilyName = userName };
            var result = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, TestWorld.Password);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
            return userName;
        });

    public static async Task<BrowserSession> LoggedInAsync(this TestWorld world, string userName)
    {
        var browser = new BrowserSession(world.ProviderUrl);
        var page = (await browser.GetAsync(world.ProviderUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal("/", page.RequestUri.AbsolutePath);
        return browser;
    }

    public static string NewIdentnummer() => RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// What the chamber side does on approval: the organisation (Status Approved, in IHK Aachen), its entry in
    /// the member register and an activation letter from <see cref="ActivationLetterIssuer"/>.
    /// </summary>
    public static Task<ApprovedOrganisation> CreateApprovedOrganisationAsync(this TestWorld world, string? requesterUserName = null) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            var identnummer = NewIdentnummer();
            var chamber = await db.Chambers.SingleAsync(c => c.Kammernummer == AachenKammernummer);
            var requester = requesterUserName is null ? null : await db.Users.SingleAsync(u => u.UserName == requesterUserName);
            var organisation = new Organisation
            {
                CreatedAt = world.Now,
                Firmierung = "Testfirma " + identnummer + " GmbH", Rechtsform = "GmbH", Strasse = "Teststraße", Hausnummer = "1", Plz = "52062", Ort = "Aachen",
                ChamberId = chamber.Id, Status = OrganisationStatus.Requested, RequestedByUserId = requester?.Id, Begruendung = "Test",
            };
            db.Organisations.Add(organisation);
            var entry = RegisterEntry(chamber.Id, identnummer, organisation.Firmierung);
            db.MemberRegister.Add(entry);
            var staff = requester ?? await db.Users.FirstAsync();
            organisation.Approve(identnummer, staff.Id, DateTime.UtcNow);
            var letter = await services.GetRequiredService<ActivationLetterIssuer>()
                .IssueAsync(organisation, entry, ActivationLetterReason.Approval, staff, CancellationToken.None);
            await db.SaveChangesAsync();
            var password = services.GetRequiredService<ActivationLetterIssuer>().RevealPassword(letter)!;
            return new ApprovedOrganisation(organisation.Id, organisation.Firmierung, identnummer, AachenKammernummer, password);
        });

    /// <summary>An active organisation administered by a fresh user, with its member register entry.</summary>
    public static async Task<(ApprovedOrganisation Organisation, string Administrator)> CreateActiveOrganisationAsync(this TestWorld world)
    {
        var administrator = await world.CreateUserAsync();
        var organisation = await world.CreateApprovedOrganisationAsync(administrator);
        await world.WithDatabaseAsync(async db =>
        {
            var stored = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Id == organisation.Id);
            var letter = await db.ActivationLetters.SingleAsync(l => l.OrganisationId == organisation.Id);
            var user = await db.Users.SingleAsync(u => u.UserName == administrator);
            letter.MarkUsed(user.Id, DateTime.UtcNow);
            stored.Activate(user, world.Now);
            await db.SaveChangesAsync();
        });
        return (organisation, administrator);
    }

    /// <summary>Adds an existing user to an organisation, optionally as administrator, with Berichtsheft roles.</summary>
    public static Task AddMemberAsync(this TestWorld world, Guid organisationId, string userName, bool administrator, params string[] berichtsheftRoles) =>
        world.WithDatabaseAsync(async db =>
        {
            var organisation = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Id == organisationId);
            var membership = organisation.AddMember(await db.Users.SingleAsync(u => u.UserName == userName), administrator, world.Now);
            foreach (var key in berichtsheftRoles)
            {
                membership.GrantRole(await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == TestWorld.SampleClientId), world.Now);
            }

            await db.SaveChangesAsync();
        });

    public static Task<T> QueryAsync<T>(this TestWorld world, Func<ApplicationDbContext, Task<T>> query) =>
        world.WithDatabaseAsync((db, _) => query(db));

    public static async Task<HtmlPage> PageAsync(this BrowserSession browser, string path) =>
        await HtmlPage.ReadAsync(await browser.Http.GetAsync(path));

    /// <summary>Posts the page's form (selector) with the values to the page's handler, as its submit button would.</summary>
    public static Task<HttpResponseMessage> PostAsync(this BrowserSession browser, HtmlPage page, string selector, string? handler, IReadOnlyDictionary<string, string>? values = null)
    {
        var (method, action, fields) = page.Form(selector, values);
        var target = handler is null ? action : new Uri(page.RequestUri.GetLeftPart(UriPartial.Path) + "?handler=" + handler);
        return browser.SubmitAsync((method, target, fields));
    }

    public static MemberRegisterEntry RegisterEntry(int chamberId, string identnummer, string firmierung) => new()
    {
        ChamberId = chamberId, Identnummer = identnummer, Firmierung = firmierung, Rechtsform = "GmbH",
        Strasse = "Teststraße", Hausnummer = "1", Plz = "52062", Ort = "Aachen",
        GeschaeftsfuehrungName = "Geschäftsführung", GeschaeftsfuehrungStrasse = "Teststraße", GeschaeftsfuehrungHausnummer = "1",
        GeschaeftsfuehrungPlz = "52062", GeschaeftsfuehrungOrt = "Aachen", ImportedAt = DateTime.UtcNow,
    };
}
