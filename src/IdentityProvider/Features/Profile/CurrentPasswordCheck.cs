using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Profile;

/// <summary>
/// The current password asked again before a change that could take the account over (e-mail addresses). A wrong
/// one counts towards lockout like a failed login (ASVS 5.0 6.3.1), and is recorded.
/// </summary>
public static class CurrentPasswordCheck
{
    public static async Task<bool> IsCurrentPasswordAsync(
        this UserManager<ApplicationUser> users, ApplicationUser user, string? password, ISecurityEventTrail trail, HttpContext http)
    {
        if (!string.IsNullOrEmpty(password) && !await users.IsLockedOutAsync(user) && await users.CheckPasswordAsync(user, password))
        {
            await users.ResetAccessFailedCountAsync(user);
            return true;
        }

        await users.AccessFailedAsync(user);
        trail.Record(new SecurityEvent(SecurityEventKind.CurrentPasswordWrong, user.Id, user.UserName,
            RemoteAddress: http.Connection.RemoteIpAddress?.ToString()));
        return false;
    }
}
