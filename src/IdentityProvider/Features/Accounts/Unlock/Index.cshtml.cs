using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Profile;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.Unlock;

/// <summary>The unlock link of a self-locked account; a button confirms (mail scanners do not), and the link works once.</summary>
[AllowAnonymous]
public sealed class IndexModel(UserManager<ApplicationUser> users) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool? Unlocked { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = AccountLink.Decode(Code);
        Unlocked = user is not null && token is not null
            && await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, AccountNotices.UnlockPurpose, token);
        if (Unlocked == true)
        {
            await users.SetLockoutEndDateAsync(user!, null);
            await users.ResetAccessFailedCountAsync(user!);
            await users.UpdateSecurityStampAsync(user!);
            HttpContext.RecordSecurityEvent(SecurityEventKind.AccountUnlocked, user);
        }
    }
}
