using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Profile;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Accounts.CancelEmailChange;

/// <summary>
/// The old address undoes a change of the main address: the old one is restored (confirmed, as it was), every
/// session and token of the account ends, and every confirmed address is told to set a new password. Opening the
/// link shows a button; only the POST acts, so that mail scanners do not cancel.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    EmailChangeCancellation cancellation,
    AccountNotices notices) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public CancelState State { get; private set; } = CancelState.Ready;

    public string? OldAddress { get; private set; }

    public void OnGet()
    {
        var link = cancellation.Read(Token);
        State = link is null ? CancelState.Invalid : CancelState.Ready;
        OldAddress = link?.OldAddress;
    }

    public async Task OnPostAsync()
    {
        var link = cancellation.Read(Token);
        var user = link is null ? null : await users.FindByIdAsync(link.Value.UserId);
        if (link is null || user is null)
        {
            State = CancelState.Invalid;
            return;
        }

        OldAddress = link.Value.OldAddress;
        var normalized = users.NormalizeEmail(OldAddress);
        if (user.NormalizedEmail == normalized)
        {
            State = CancelState.AlreadyCancelled;
            return;
        }

        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == normalized))
        {
            State = CancelState.Invalid;
            return;
        }

        user.Email = OldAddress;
        user.NormalizedEmail = normalized;
        user.EmailConfirmed = true;
        // Ends every cookie session of the account (including the one that made the change) at its next check.
        await users.UpdateSecurityStampAsync(user);
        await notices.EndTokensAsync(user);
        await notices.NotifyAsync(user, "EmailChangeCancelled", Request.PublicUri("passwort-vergessen"), OldAddress);
        await db.SaveChangesAsync();
        HttpContext.RecordSecurityEvent(SecurityEventKind.EmailChangeCancelled, user);
        State = CancelState.Cancelled;
    }

    public enum CancelState
    {
        Ready,
        Cancelled,
        AlreadyCancelled,
        Invalid,
    }
}
