using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.CancelEmailChange;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Profile;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Accounts.ConfirmEmailChange;

/// <summary>
/// Confirms a new main address from that address; the change updates the security stamp, so the link works once.
/// The old address then gets a link that undoes the change for seven days (<see cref="EmailChangeCancellation"/>).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    EmailChangeCancellation cancellation,
    AccountNotices notices) : PageModel
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
        if (user is null || token is null || string.IsNullOrEmpty(Email) || await db.IsAddressTakenByAnotherAsync(user, users.NormalizeEmail(Email)))
        {
            Changed = false;
            return;
        }

        var oldAddress = user.Email;
        var oldConfirmed = user.EmailConfirmed;
        Changed = (await users.ChangeEmailAsync(user, Email, token)).Succeeded;
        if (Changed != true)
        {
            return;
        }

        // A further address that is now the main one is not kept twice.
        await db.AdditionalEmails.Where(e => e.UserId == user.Id && e.NormalizedAddress == user.NormalizedEmail).ExecuteDeleteAsync();
        if (oldAddress is not null && oldConfirmed)
        {
            outbox.Add(composer.Compose("EmailChanged", oldAddress, CultureInfo.CurrentUICulture, user.DisplayName,
                cancellation.LinkFor(Request, user.Id, oldAddress), Email));
        }

        await notices.EndTokensAsync(user);
        await db.SaveChangesAsync();
        HttpContext.RecordSecurityEvent(SecurityEventKind.EmailChanged, user);
    }
}
