using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations;
using MeineIhk.Tests.Features.Organisations.Invitations;
using MeineIhk.Tests.Features.Organisations.Members;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Infrastructure.TestData.Administration;

/// <summary>An organisation of its own per test (so tests of one world stay apart), its people, and the administration pages as a browser uses them.</summary>
public static partial class AdministrationWorld
{
    public sealed record TestOrganisation(Guid Id, string Firmierung, string AdminUserName, Guid AdminMembershipId);

    public static Task<TestOrganisation> CreateOrganisationAsync(this TestWorld world) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            var admin = await NewUserAsync(services, "admin");
            var organisation = new Organisation
            {
                CreatedAt = world.Now,
                Firmierung = "Testfirma " + Guid.NewGuid().ToString("N")[..8] + " GmbH",
                Rechtsform = "GmbH",
                Strasse = "Teststraße",
                Hausnummer = "1",
                Plz = "52062",
                Ort = "Aachen",
                ChamberId = (await db.Chambers.FirstAsync()).Id,
                Status = OrganisationStatus.Active,
            };
            var membership = organisation.AddMember(admin, isAdministrator: true, world.Now);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            return new TestOrganisation(organisation.Id, organisation.Firmierung, admin.UserName!, membership.Id);
        });

    /// <summary>A confirmed account without any membership; its e-mail is "{userName}@example.org".</summary>
    public static Task<string> CreateUserAsync(this TestWorld world, string prefix = "user") =>
        world.WithDatabaseAsync(async (_, services) => (await NewUserAsync(services, prefix)).UserName!);

    public static Task<Guid> AddMemberAsync(this TestWorld world, Guid organisationId, string userName, bool administrator = false, params string[] berichtsheftRoles) =>
        world.WithDatabaseAsync(async (db, _) =>
        {
            var organisation = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Id == organisationId);
            var membership = organisation.AddMember(await db.Users.SingleAsync(u => u.UserName == userName), administrator, world.Now);
            foreach (var key in berichtsheftRoles)
            {
                membership.GrantRole(await RoleAsync(db, key), world.Now);
            }

            await db.SaveChangesAsync();
            return membership.Id;
        });

    public static Task<Guid> RoleIdAsync(this TestWorld world, string key, string clientId = TestWorld.SampleClientId) =>
        world.WithDatabaseAsync(async (db, _) => (await RoleAsync(db, key, clientId)).Id);

    public static Task<List<string>> RolesOfAsync(this TestWorld world, Guid organisationId, string userName) =>
        world.WithDatabaseAsync((db, _) => db.MemberRoles
            .Where(r => r.Membership.OrganisationId == organisationId && r.Membership.User.UserName == userName)
            .Select(r => r.Role.Key).OrderBy(k => k).ToListAsync());

    public static Task<Membership?> MembershipAsync(this TestWorld world, Guid organisationId, string userName) =>
        world.WithDatabaseAsync((db, _) => db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.OrganisationId == organisationId && m.User.UserName == userName));

    public static Task<List<AuditEntry>> AuditOfAsync(this TestWorld world, Guid organisationId) =>
        world.WithDatabaseAsync((db, _) => db.AuditEntries.Where(a => a.OrganisationId == organisationId).OrderBy(a => a.OccurredAt).ToListAsync());

    public static async Task<BrowserSession> LoggedInAsync(this TestWorld world, string userName)
    {
        var browser = new BrowserSession(world.ProviderUrl);
        var page = (await browser.GetAsync(world.ProviderUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal("/", page.RequestUri.AbsolutePath);
        return browser;
    }

    public static async Task<HtmlPage> PageAsync(this BrowserSession browser, string path) =>
        (await browser.FollowAsync(await browser.Http.GetAsync(path))).RequiredPage;

    public static string MembersPath(Guid organisationId, string? search = null, int? page = null) =>
        $"organisationen/{organisationId}/mitglieder" + (search is null && page is null ? "" : $"?q={Uri.EscapeDataString(search ?? "")}&p={page ?? 1}");

    /// <summary>Posts a form of the page (its button pressed) and follows the redirect to the page that shows the outcome.</summary>
    public static async Task<HtmlPage> PostAsync(this BrowserSession browser, HtmlPage page, string formSelector, IReadOnlyDictionary<string, string>? values = null)
    {
        var button = page.Document.QuerySelector(formSelector)?.QuerySelector<IHtmlButtonElement>("button[type=submit]");
        return (await browser.FollowAsync(await browser.SubmitAsync(page.Form(formSelector, values, button)))).RequiredPage;
    }

    public static string MemberSelector(Guid membershipId, string handler) => $"#mitglied-{membershipId:N} form[action*='handler={handler}']";

    /// <summary>The Ja/Nein choice of one role in a member's roles form.</summary>
    public static Dictionary<string, string> Choice(Guid roleId, bool yes) => new() { [$"roles[{roleId}]"] = yes ? "true" : "false" };

    public static string Status(HtmlPage page) =>
        string.Join(" | ", page.Document.QuerySelectorAll(".notice, .error-summary").Select(e => e.TextContent.Trim()));

    public static string Link(string? text, string path) => LinkPattern().Matches(text ?? "").Select(m => m.Value).First(l => l.Contains(path, StringComparison.Ordinal));

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex LinkPattern();

    private static async Task<FachanwendungRole> RoleAsync(IdentityProvider.Data.ApplicationDbContext db, string key, string clientId = TestWorld.SampleClientId) =>
        await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == clientId);

    private static async Task<ApplicationUser> NewUserAsync(IServiceProvider services, string prefix)
    {
        var userName = prefix + Guid.NewGuid().ToString("N")[..10];
        var user = new ApplicationUser
        {
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            UserName = userName,
            Email = userName + "@example.org",
            EmailConfirmed = true,
            GivenName = "Test",
            FamilyName = userName,
        };
        var result = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, TestWorld.Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return user;
    }
}
