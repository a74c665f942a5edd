using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Profile.Lock;

/// <summary>(3) Konto sperren, e.g. after suspected misuse. Only the link mailed to the confirmed addresses unlocks it.</summary>
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    AccountNotices notices,
    BackChannelLogout backChannelLogout) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = (await users.GetUserAsync(User))!;

        // UserManager saves after each step; the page's transaction keeps the lock, the revoked tokens, the
        // back-channel notices and the mail together.
        await using var transaction = await db.Database.BeginTransactionAsync();
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        // Every application hears "all sessions of this person" first; the stamp change then ends the server-side
        // sessions without a second, per-session notice to the same applications.
        await backChannelLogout.UserEndedAsync(user.Id, BackChannelLogoutReason.AccountLocked, HttpContext.RequestAborted);
        await users.UpdateSecurityStampAsync(user);
        await notices.NotifyAsync(user, "AccountLocked", await notices.UnlockLinkAsync(user, Request));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        HttpContext.RecordSecurityEvent(SecurityEventKind.AccountLocked, user, "self");
        await signIn.SignOutAsync();
        return RedirectToPage("Done");
    }
}
