using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.ConfirmEmailChange;

/// <summary>Confirms a new main address from that address; the change updates the security stamp, so the link works once.</summary>
[AllowAnonymous]
public sealed class IndexModel(UserManager<ApplicationUser> users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool? Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = AccountLink.Decode(Code);
        Changed = user is not null && token is not null && !string.IsNullOrEmpty(Email)
            && (await users.ChangeEmailAsync(user, Email, token)).Succeeded;
        if (Changed == true)
        {
            HttpContext.RecordSecurityEvent(SecurityEventKind.EmailChanged, user);
        }
    }
}
