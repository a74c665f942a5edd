using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.Join;
using MeineIhk.Tests.Features.Organisations.MembershipRequests;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Infrastructure.TestData.Requests;

/// <summary>An active organisation of its own for one test, so that tests sharing a world stay apart.</summary>
public sealed record TestOrganisation(Guid Id, string Firmierung, string Strasse, string Hausnummer, string Plz, string Identnummer, string AdminUserName);

/// <summary>Set-up and page helpers for the request tests (join, decide, leave, notifications).</summary>
public static class RequestWorld
{
    /// <summary>A confirmed user without any membership.</summary>
    public static Task<string> CreateUserAsync(this TestWorld world, string prefix = "nutzer") =>
        world.WithDatabaseAsync(async (_, services) =>
        {
            var userName = prefix + Guid.NewGuid().ToString("N")[..8];
            var user = new ApplicationUser
            {
                CreatedAt = world.Now,
                UserName = userName, Email = userName + "@example.org", EmailConfirmed = true, GivenName = "Vera", FamilyName = "Nach" + userName,
            };
            var result = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, TestWorld.Password);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
            return userName;
        });

    /// <summary>A fresh active organisation in the Aachen chamber with a fresh administrator.</summary>
    public static async Task<TestOrganisation> CreateOrganisationAsync(this TestWorld world)
    {
        var admin = await world.CreateUserAsync("admin");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = new TestOrganisation(Guid.Empty, $"Testfirma {suffix} GmbH", "Lange Straße", "7a", "52062", Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), admin);
        var id = await world.WithDatabaseAsync(async (db, _) =>
        {
            var entity = new Organisation
            {
                CreatedAt = world.Now,
                Firmierung = organisation.Firmierung, Rechtsform = "GmbH", Strasse = organisation.Strasse, Hausnummer = organisation.Hausnummer,
                Plz = organisation.Plz, Ort = "Aachen", Identnummer = organisation.Identnummer,
                ChamberId = (await db.Chambers.SingleAsync(c => c.Name == "IHK Aachen")).Id, Status = OrganisationStatus.Active,
            };
            entity.AddMember(await db.Users.SingleAsync(u => u.UserName == admin), isAdministrator: true, world.Now);
            db.Organisations.Add(entity);
            await db.SaveChangesAsync();
            return entity.Id;
        });
        return organisation with { Id = id };
    }

    public static Task AddMemberAsync(this TestWorld world, TestOrganisation organisation, string userName, bool isAdministrator, params string[] berichtsheftRoles) =>
        world.WithDatabaseAsync(async db =>
        {
            var entity = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Id == organisation.Id);
            var membership = entity.AddMember(await db.Users.SingleAsync(u => u.UserName == userName), isAdministrator, world.Now);
            foreach (var key in berichtsheftRoles)
            {
                membership.GrantRole(await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == TestWorld.SampleClientId), world.Now);
            }

            await db.SaveChangesAsync();
        });

    public static Task<Guid> RoleIdAsync(this TestWorld world, string key) =>
        world.WithDatabaseAsync(async (db, _) => await db.FachanwendungRoles.Where(r => r.Key == key).Select(r => r.Id).SingleAsync());

    public static Task<List<string>> RolesOfAsync(this TestWorld world, TestOrganisation organisation, string userName) =>
        world.WithDatabaseAsync(async (db, _) => await db.MemberRoles
            .Where(r => r.Membership.OrganisationId == organisation.Id && r.Membership.User.UserName == userName)
            .Select(r => r.Role.Key).OrderBy(k => k).ToListAsync());

    public static Task<bool> IsMemberAsync(this TestWorld world, TestOrganisation organisation, string userName) =>
        world.WithDatabaseAsync(async (db, _) => await db.Memberships.AnyAsync(m => m.OrganisationId == organisation.Id && m.User.UserName == userName));

    public static Task<MembershipRequest?> RequestOfAsync(this TestWorld world, TestOrganisation organisation, string userName) =>
        world.WithDatabaseAsync(async (db, _) => await db.MembershipRequests.AsNoTracking().Include(r => r.Roles)
            .Where(r => r.OrganisationId == organisation.Id && r.User.UserName == userName)
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync());

    public static async Task<BrowserSession> LoggedInAsync(this TestWorld world, string userName)
    {
        var browser = new BrowserSession(world.ProviderUrl);
        var page = (await browser.GetAsync(world.ProviderUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal("/", page.RequestUri.AbsolutePath);
        return browser;
    }

    public static async Task<HtmlPage> PageAsync(this BrowserSession browser, string path)
    {
        var page = await HtmlPage.ReadAsync(await browser.Http.GetAsync(path.TrimStart('/')));
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {path}: {(int)page.Status}");
        return page;
    }

    /// <summary>Posts a form with the given values; <paramref name="multi"/> adds repeated fields (checkbox lists) after dropping the page's own of that name.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        this BrowserSession browser, HtmlPage page, string selector, IReadOnlyDictionary<string, string>? values = null,
        IEnumerable<KeyValuePair<string, string>>? multi = null, string? button = null)
    {
        var submitter = button is null ? null : page.Document.QuerySelector(selector)!.QuerySelectorAll<IHtmlButtonElement>("button")
            .Single(b => b.Value == button);
        var form = page.Form(selector, values, submitter);
        var extra = multi?.ToList() ?? [];
        foreach (var name in extra.Select(e => e.Key).Distinct())
        {
            form.Fields.RemoveAll(f => f.Key == name);
        }

        form.Fields.AddRange(extra);
        return await browser.SubmitAsync(form);
    }

    /// <summary>Follows the redirect after a post to the page it ends on.</summary>
    public static async Task<HtmlPage> AfterAsync(this BrowserSession browser, Task<HttpResponseMessage> post) =>
        (await browser.FollowAsync(await post)).RequiredPage;

    public static Dictionary<string, string> JoinValues(string firmierung, string strasse, string hausnummer, string plz, string identnummer = "", string reason = "Ich bin Azubi und möchte mein Berichtsheft führen.") =>
        new()
        {
            ["Input.Firmierung"] = firmierung, ["Input.Strasse"] = strasse, ["Input.Hausnummer"] = hausnummer, ["Input.Plz"] = plz,
            ["Input.Identnummer"] = identnummer, ["Input.Reason"] = reason,
        };

    public static Dictionary<string, string> JoinValues(TestOrganisation o) => JoinValues(o.Firmierung, o.Strasse, o.Hausnummer, o.Plz);

    public static string Text(this HtmlPage page, string selector) =>
        page.Document.QuerySelector(selector)?.TextContent ?? throw new InvalidOperationException($"No '{selector}' on {page.RequestUri}");
}
