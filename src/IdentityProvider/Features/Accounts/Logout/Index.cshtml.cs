using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.Logout;

[AllowAnonymous]
public sealed class IndexModel(SignInManager<ApplicationUser> signIn) : PageModel
{
    public bool LoggedOut { get; private set; }

    public void OnGet() => LoggedOut = User.Identity?.IsAuthenticated != true;

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage();
    }
}
