using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Profile;

public enum CurrentPasswordResult
{
    Right,
    Wrong,
    LockedOut,
}

/// <summary>
/// The current-password check of the account pages (change password, delete, e-mail change): a wrong password counts
/// towards the same lockout as a failed login (ASVS 5.0 6.3.1), and a locked account is refused before any hash is
/// checked. The pages are throttled per address besides.
/// </summary>
public sealed class CurrentPasswordCheck(UserManager<ApplicationUser> users)
{
    public async Task<CurrentPasswordResult> VerifyAsync(ApplicationUser user, string password, HttpContext context)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return CurrentPasswordResult.LockedOut;
        }

        if (await users.CheckPasswordAsync(user, password))
        {
            return CurrentPasswordResult.Right;
        }

        return await FailedAsync(user, context);
    }

    /// <summary>For pages whose Identity call checked the password itself (ChangePasswordAsync): counts the failure.</summary>
    public async Task<CurrentPasswordResult> FailedAsync(ApplicationUser user, HttpContext context)
    {
        await users.AccessFailedAsync(user);
        context.RecordSecurityEvent(SecurityEventKind.CurrentPasswordWrong, user, context.Request.Path.Value);
        if (await users.IsLockedOutAsync(user))
        {
            context.RecordSecurityEvent(SecurityEventKind.LockedOut, user, "current-password");
            return CurrentPasswordResult.LockedOut;
        }

        return CurrentPasswordResult.Wrong;
    }

    public Task<bool> IsLockedOutAsync(ApplicationUser user) => users.IsLockedOutAsync(user);

    /// <summary>True only for the right password of an account that is not locked; a wrong or empty one is counted.</summary>
    public async Task<bool> IsRightAsync(ApplicationUser user, string? password, HttpContext context) =>
        string.IsNullOrEmpty(password)
            ? await FailedAsync(user, context) == CurrentPasswordResult.Right
            : await VerifyAsync(user, password, context) == CurrentPasswordResult.Right;
}
