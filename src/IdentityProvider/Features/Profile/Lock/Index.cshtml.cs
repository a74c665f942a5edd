using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
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
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        await backChannelLogout.UserEndedAsync(user.Id, BackChannelLogoutReason.AccountLocked, HttpContext.RequestAborted);
        await notices.EndTokensAsync(user);
        await notices.NotifyAsync(user, "AccountLocked", await notices.UnlockLinkAsync(user, Request));
        await db.SaveChangesAsync();
        await signIn.SignOutAsync();
        return RedirectToPage("Done");
    }
}
