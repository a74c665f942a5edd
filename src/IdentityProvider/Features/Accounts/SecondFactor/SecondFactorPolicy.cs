using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>Whether a person must use a second factor (operator setting, organisation switch), and which they have.</summary>
public sealed class SecondFactorPolicy(ApplicationDbContext db, UserManager<ApplicationUser> users, IOptions<SecondFactorOptions> options)
{
    public async Task<bool> MustUseAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (o.RequiredForPlatformAdministrators || o.RequiredForDevelopers)
        {
            // One query for both roles (IsInRoleAsync costs two per role).
            var roles = await users.GetRolesAsync(user);
            if ((o.RequiredForPlatformAdministrators && roles.Contains(PlatformRoles.Administrator))
                || (o.RequiredForDevelopers && roles.Contains(PlatformRoles.Developer)))
            {
                return true;
            }
        }

        if (o.RequiredForChamberStaff && await db.ChamberStaff.AnyAsync(s => s.UserId == user.Id, cancellationToken))
        {
            return true;
        }

        return await db.Memberships.AnyAsync(
            m => m.UserId == user.Id
                 && m.Organisation.Status == OrganisationStatus.Active
                 && ((o.RequiredForCompanyAdministrators && m.IsAdministrator) || m.Organisation.SecondFactorRequired),
            cancellationToken);
    }

    private const string StoreName = "[MeineIhk]";

    private const string ConfirmedName = "AuthenticatorConfirmed";

    /// <summary>An authenticator counts once its first code confirmed it (the key exists from the enrolment page on).</summary>
    public static async Task<bool> HasAuthenticatorAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        await users.GetAuthenticationTokenAsync(user, StoreName, ConfirmedName) is not null
        && !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));

    public static async Task ConfirmAuthenticatorAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        await users.SetAuthenticationTokenAsync(user, StoreName, ConfirmedName, "1");
        await SyncTwoFactorFlagAsync(users, user);
    }

    public static async Task RemoveAuthenticatorAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        await users.RemoveAuthenticationTokenAsync(user, StoreName, ConfirmedName);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await AuthenticatorCodes.ForgetAsync(users, user);
        await SyncTwoFactorFlagAsync(users, user);
    }

    public static async Task<bool> HasSecondFactorAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        await HasAuthenticatorAsync(users, user) || (await users.GetPasskeysAsync(user)).Count > 0;

    /// <summary>Identity's flag follows the factors, so that nothing else signs the person in with the password alone.</summary>
    public static async Task SyncTwoFactorFlagAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var has = await HasSecondFactorAsync(users, user);
        if (await users.GetTwoFactorEnabledAsync(user) != has)
        {
            await users.SetTwoFactorEnabledAsync(user, has);
        }
    }
}
