using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Register;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Accounts.ConfirmEmail;

/// <summary>
/// The link from the confirmation mail. Opening it shows a button; only the POST confirms, so that mail
/// scanners that follow links do not use up the link. A second use changes nothing.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(UserManager<ApplicationUser> users, ApplicationDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Address { get; set; }

    /// <summary>Where the login continues afterwards (e.g. an invitation link carried through registration).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string LoginUrl => Url.IsLocalUrl(ReturnUrl) ? "/anmelden?returnUrl=" + Uri.EscapeDataString(ReturnUrl) : "/anmelden";

    public ConfirmationState State { get; private set; } = ConfirmationState.Ready;

    public void OnGet()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Code))
        {
            State = ConfirmationState.Invalid;
        }
    }

    public async Task OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = AccountLink.Decode(Code);
        if (user is null || token is null)
        {
            State = ConfirmationState.Invalid;
            return;
        }

        State = Address is { } addressId ? await ConfirmAdditionalAsync(user, addressId, token) : await ConfirmPrimaryAsync(user, token);
    }

    private async Task<ConfirmationState> ConfirmPrimaryAsync(ApplicationUser user, string token)
    {
        if (user.EmailConfirmed)
        {
            return ConfirmationState.AlreadyConfirmed;
        }

        return (await users.ConfirmEmailAsync(user, token)).Succeeded ? ConfirmationState.Confirmed : ConfirmationState.Invalid;
    }

    private async Task<ConfirmationState> ConfirmAdditionalAsync(ApplicationUser user, Guid addressId, string token)
    {
        var address = await db.AdditionalEmails.SingleOrDefaultAsync(e => e.Id == addressId && e.UserId == user.Id);
        if (address is null)
        {
            return ConfirmationState.Invalid;
        }

        if (address.ConfirmedAt is not null)
        {
            return ConfirmationState.AlreadyConfirmed;
        }

        // An address that another account confirmed meanwhile stays with that account.
        if (!await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, Registration.AdditionalEmailPurpose + address.Id, token)
            || await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == address.NormalizedAddress)
            || await db.AdditionalEmails.AnyAsync(e => e.UserId != user.Id && e.NormalizedAddress == address.NormalizedAddress && e.ConfirmedAt != null))
        {
            return ConfirmationState.Invalid;
        }

        address.ConfirmedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return ConfirmationState.Confirmed;
    }

    public enum ConfirmationState
    {
        Ready,
        Confirmed,
        AlreadyConfirmed,
        Invalid,
    }
}
