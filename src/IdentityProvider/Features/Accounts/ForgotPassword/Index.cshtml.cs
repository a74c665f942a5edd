using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace MeineIhk.IdentityProvider.Features.Accounts.ForgotPassword;

/// <summary>"Passwort vergessen?": a reset link to every confirmed address; the same answer whether or not an account matched.</summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
public sealed class IndexModel(UserManager<ApplicationUser> users, ApplicationDbContext db, MailOutbox outbox, MailComposer composer, Profile.AccountNotices notices) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "ForgotPassword.NameOrEmail")]
    public string? NameOrEmail { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByNameOrConfirmedEmailAsync(db, NameOrEmail!);
        if (user is not null)
        {
            var link = AccountLink.For(Request, "passwort-zuruecksetzen", user.Id, await users.GeneratePasswordResetTokenAsync(user));
            foreach (var address in await db.ConfirmedAddressesAsync(user))
            {
                outbox.Add(composer.Compose("ResetPassword", address, CultureInfo.CurrentUICulture, user.DisplayName, link, user.UserName!));
            }

            // A self-locked account gets a fresh unlock link too; a new password alone does not unlock it.
            if (await users.IsLockedOutAsync(user))
            {
                await notices.NotifyAsync(user, "AccountLocked", await notices.UnlockLinkAsync(user, Request));
            }

            await db.SaveChangesAsync();
        }

        Sent = true;
        return Page();
    }
}
