using System.Globalization;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Infrastructure.TestData;

/// <summary>An active organisation of its own for one test, with its first administrator.</summary>
public sealed record TestOrganisation(
    Guid Id, string Firmierung, string Strasse, string Hausnummer, string Plz, string Identnummer, string AdminUserName, Guid AdminMembershipId);

/// <summary>Organisations, their members and roles.</summary>
public static partial class TestDataBuilder
{
    public const string AachenKammernummer = "101";

    public static string NewIdentnummer() => RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>A fresh active organisation in IHK Aachen (put straight into the database) administered by a fresh user.</summary>
    public static async Task<TestOrganisation> CreateOrganisationAsync(this TestWorld world)
    {
        var admin = await world.CreateUserAsync("admin");
        return await world.WithDatabaseAsync(async (db, _) =>
        {
            var organisation = new Organisation
            {
                Firmierung = "Testfirma " + Guid.NewGuid().ToString("N")[..8] + " GmbH",
                Rechtsform = "GmbH",
                Strasse = "Lange Straße",
                Hausnummer = "7a",
                Plz = "52062",
                Ort = "Aachen",
                Identnummer = NewIdentnummer(),
                ChamberId = (await db.Chambers.SingleAsync(c => c.Kammernummer == AachenKammernummer)).Id,
                Status = OrganisationStatus.Active,
                CreatedAt = world.Now,
            };
            var membership = organisation.AddMember(await db.Users.SingleAsync(u => u.UserName == admin), isAdministrator: true, world.Now);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            return new TestOrganisation(
                organisation.Id, organisation.Firmierung, organisation.Strasse, organisation.Hausnummer, organisation.Plz, organisation.Identnummer!, admin, membership.Id);
        });
    }

    /// <summary>Adds an existing user to an organisation, optionally as administrator, with Berichtsheft roles; answers the membership's id.</summary>
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

    public static Task<bool> IsMemberAsync(this TestWorld world, Guid organisationId, string userName) =>
        world.WithDatabaseAsync((db, _) => db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && m.User.UserName == userName));

    /// <summary>The user's latest join or role request to the organisation.</summary>
    public static Task<MembershipRequest?> RequestOfAsync(this TestWorld world, Guid organisationId, string userName) =>
        world.WithDatabaseAsync((db, _) => db.MembershipRequests.AsNoTracking().Include(r => r.Roles)
            .Where(r => r.OrganisationId == organisationId && r.User.UserName == userName)
            .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync());

    public static Task<List<AuditEntry>> AuditOfAsync(this TestWorld world, Guid organisationId) =>
        world.WithDatabaseAsync((db, _) => db.AuditEntries.Where(a => a.OrganisationId == organisationId).OrderBy(a => a.OccurredAt).ToListAsync());

    private static async Task<FachanwendungRole> RoleAsync(ApplicationDbContext db, string key, string clientId = TestWorld.SampleClientId) =>
        await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == clientId);
}
