using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.Logout;

[AllowAnonymous]
public sealed class IndexModel(SignInManager<ApplicationUser> signIn, BackChannelLogout backChannelLogout) : PageModel
{
    public bool LoggedOut { get; private set; }

    public void OnGet() => LoggedOut = User.Identity?.IsAuthenticated != true;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignOutAsync();

        // Every application this session signed in to hears of it (back-channel logout).
        if (session.Succeeded && ProviderSession.IdOf(session.Properties) is { } sessionId && signIn.UserManager.GetUserId(session.Principal!) is { } userId)
        {
            await backChannelLogout.SessionEndedAsync(userId, sessionId, cancellationToken);
        }

        return RedirectToPage();
    }
}
