using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.Login;

/// <summary>
/// What the login tells the holder of a locked account (ASVS 5.0 V6: the lock is explained only to whoever knows the
/// password; a wrong password hears the same as for any account). Self-locked accounts carry the end of time as their
/// lockout end (<c>konto/sperren</c>); a lock after failed attempts ends at a time.
/// </summary>
public static class LockedAccount
{
    /// <summary>A self-lock: <c>konto/sperren</c> sets <see cref="DateTimeOffset.MaxValue"/>, however the database rounds it.</summary>
    public static bool IsSelfLocked(DateTimeOffset? lockoutEnd) => lockoutEnd is { Year: >= 9999 };

    /// <returns>The explanation when the password is right; null (and one more failed attempt) when it is wrong.</returns>
    public static async Task<string?> ExplainAsync(UserManager<ApplicationUser> users, ApplicationUser user, string password, IStringLocalizer t)
    {
        var end = user.LockoutEnd;
        var selfLocked = IsSelfLocked(end);
        if (await users.CheckPasswordAsync(user, password))
        {
            return selfLocked
                ? t["Login.LockedBySelf"].Value
                : t["Login.LockedByFailures", DisplayTime.Format(end ?? DateTimeOffset.MinValue)].Value;
        }

        // Wrong guesses keep counting during a lock after failed attempts, so the lock still slows guessing down
        // (the fifth renews it); a self-lock has no end to renew.
        if (!selfLocked)
        {
            await users.AccessFailedAsync(user);
        }

        return null;
    }
}
