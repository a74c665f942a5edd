using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Infrastructure.TestData;

/// <summary>
/// The one test-data builder: fresh people, organisations and chamber data per test (so that tests sharing a
/// world stay apart), and the pages as a browser uses them. People first.
/// </summary>
public static partial class TestDataBuilder
{
    /// <summary>A confirmed account without any membership: "{prefix}" and ten hex digits, e-mail "{userName}@example.org", named "Test {userName}".</summary>
    public static Task<string> CreateUserAsync(this TestWorld world, string prefix = "user") =>
        world.WithDatabaseAsync(async (_, services) => (await NewUserAsync(services, prefix, world.Now)).UserName!);

    /// <summary>A fresh confirmed user, member of the named (demo) organisation with the given roles of one client, so tests that change data stay apart.</summary>
    public static async Task<string> CreateMemberAsync(this TestWorld world, string organisation, string clientId, params string[] roleKeys)
    {
        var userName = await world.CreateUserAsync();
        await world.WithDatabaseAsync(async db =>
        {
            var org = await db.Organisations.Include(o => o.Memberships).SingleAsync(o => o.Firmierung == organisation);
            var membership = org.AddMember(await db.Users.SingleAsync(u => u.UserName == userName), isAdministrator: false, world.Now);
            foreach (var key in roleKeys)
            {
                membership.GrantRole(await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == clientId), world.Now);
            }

            await db.SaveChangesAsync();
        });
        return userName;
    }

    public static Task<string> UserIdAsync(this TestWorld world, string userName) =>
        world.WithDatabaseAsync((db, _) => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    /// <summary>Any read of the database, in a scope of its own.</summary>
    public static Task<T> QueryAsync<T>(this TestWorld world, Func<ApplicationDbContext, Task<T>> query) =>
        world.WithDatabaseAsync((db, _) => query(db));

    private static async Task<ApplicationUser> NewUserAsync(IServiceProvider services, string prefix, DateTime now)
    {
        var userName = prefix + Guid.NewGuid().ToString("N")[..10];
        var user = new ApplicationUser
        {
            CreatedAt = now,
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
