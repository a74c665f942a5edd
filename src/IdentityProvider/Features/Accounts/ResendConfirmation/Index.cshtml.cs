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

namespace MeineIhk.IdentityProvider.Features.Accounts.ResendConfirmation;

/// <summary>A new confirmation link; the answer is the same whether or not an unconfirmed account has the address.</summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
public sealed class IndexModel(UserManager<ApplicationUser> users, ApplicationDbContext db, MailOutbox outbox, MailComposer composer) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(254, ErrorMessage = "Validation.TooLong")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Register.Email")]
    public string? Email { get; set; }

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

        var user = await users.FindByEmailAsync(Email!.Trim());
        if (user is { EmailConfirmed: false })
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            outbox.Add(composer.Compose("ConfirmEmail", user.Email!, CultureInfo.CurrentUICulture, null, AccountLink.For(Request, "email-bestaetigen", user.Id, token)));
            await db.SaveChangesAsync();
        }

        Sent = true;
        return Page();
    }
}
