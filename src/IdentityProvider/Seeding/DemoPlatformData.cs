using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Seeding;

/// <summary>
/// Demo people of the platform: a developer whose application awaits approval and a platform administrator who can
/// approve it. Idempotent: what exists already is left alone.
/// </summary>
public static class DemoPlatformData
{
    public const string DeveloperUserName = "entwickler";

    public const string AdministratorUserName = "plattform";

    public const string DemoClientId = "demo-fachanwendung";

    public static async Task SeedAsync(IServiceProvider services, string password, DateTime now, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var people = services.GetRequiredService<PlatformPeople>();
        await people.EnsureRolesAsync();

        var developer = await UserAsync(users, DeveloperUserName, "Erik", "Entwickler", Anrede.Herr, password, now);
        await people.GrantDeveloperAsync(developer, null);
        var administrator = await UserAsync(users, AdministratorUserName, "Paula", "Plattform", Anrede.Frau, password, now);
        if (!await users.IsInRoleAsync(administrator, PlatformRoles.Administrator))
        {
            await users.AddToRoleAsync(administrator, PlatformRoles.Administrator);
        }

        var registry = services.GetRequiredService<ApplicationRegistry>();
        if (await registry.FindAsync(DemoClientId, RegistryActor.Operator, cancellationToken) is null)
        {
            await registry.CreateAsync(
                new ApplicationSettings
                {
                    ClientId = DemoClientId,
                    DisplayNameDe = "Demo-Fachanwendung",
                    DisplayNameEn = "Demo application",
                    RedirectUris = ["http://localhost:5005/signin-oidc"],
                    PostLogoutRedirectUris = ["http://localhost:5005/signout-callback-oidc"],
                    Scopes = ["openid", "profile", "ihk.org"],
                },
                [new RoleDefinition("nutzer", "Nutzer(in)", "User", "Darf die Demo-Fachanwendung nutzen.")],
                RegistryActor.Person(developer.Id, isPlatformAdministrator: false),
                cancellationToken);
        }
    }

    private static async Task<ApplicationUser> UserAsync(
        UserManager<ApplicationUser> users, string userName, string givenName, string familyName, Anrede anrede, string password, DateTime now)
    {
        return await users.FindByNameAsync(userName)
            ?? await DemoData.CreateUserAsync(users, userName, givenName, familyName, anrede, password, now);
    }
}
