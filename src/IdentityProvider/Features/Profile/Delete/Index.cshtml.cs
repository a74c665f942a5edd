using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Delete;

/// <summary>
/// (4) Konto löschen: with the password; personal data, further addresses, memberships and roles go, tokens
/// are revoked. Refused while the user is the last administrator of an organisation.
/// </summary>
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
[Accounts.Passwords.HashesPasswords]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    BackChannelLogout backChannelLogout,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Profile.CurrentPassword")]
    public string? Password { get; set; }

    public IReadOnlyList<string> SoleAdministratorOf { get; private set; } = [];

    public async Task OnGetAsync() => SoleAdministratorOf = await SoleAdministratorOfAsync(users.GetUserId(User)!);

    public async Task<IActionResult> OnPostAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        SoleAdministratorOf = await SoleAdministratorOfAsync(user.Id);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var check = await HttpContext.RequestServices.GetRequiredService<CurrentPasswordCheck>().VerifyAsync(user, Password!, HttpContext);
        if (check != CurrentPasswordResult.Right)
        {
            ModelState.AddModelError(nameof(Password), t[check == CurrentPasswordResult.LockedOut ? "CurrentPassword.LockedOut" : "Profile.CurrentPasswordWrong"]);
            return Page();
        }

        if (SoleAdministratorOf.Count > 0)
        {
            ModelState.AddModelError(string.Empty, t["Profile.DeleteLastAdministrator", string.Join(", ", SoleAdministratorOf)]);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await backChannelLogout.UserEndedAsync(user.Id, BackChannelLogoutReason.AccountDeleted, HttpContext.RequestAborted);
        var addresses = await db.AdditionalEmails.Where(e => e.UserId == user.Id).Select(e => e.Address).ToListAsync();
        addresses.Add(user.Email!);
        await db.OutboxMails.Where(m => addresses.Contains(m.Recipient) && m.SentAt != null).ExecuteDeleteAsync();
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, t["Error.500.Text"]);
            return Page();
        }

        await PersonErasure.EraseAsync(db, user.Id, HttpContext.RequestAborted);

        await transaction.CommitAsync();
        HttpContext.RequestServices.GetRequiredService<ISecurityEventTrail>().Record(
            new SecurityEvent(SecurityEventKind.AccountDeleted, user.Id, RemoteAddress: ClientAddress.Of(HttpContext))); // no name: the person is gone
        await signIn.SignOutAsync();
        return RedirectToPage("Done");
    }

    /// <summary>Active organisations where this user is the only administrator (the organisation must keep one).</summary>
    private Task<List<string>> SoleAdministratorOfAsync(string userId) =>
        db.Memberships
            .Where(m => m.UserId == userId && m.IsAdministrator && m.Organisation.Status == OrganisationStatus.Active)
            .Where(m => !m.Organisation.Memberships.Any(other => other.UserId != userId && other.IsAdministrator))
            .Select(m => m.Organisation.Firmierung)
            .ToListAsync();
}
