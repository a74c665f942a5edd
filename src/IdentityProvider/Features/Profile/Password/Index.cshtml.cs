using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Password;

/// <summary>(2) Passwort ändern: the current password is required; other sessions and refresh tokens end.</summary>
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
[Accounts.Passwords.HashesPasswords]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    AccountNotices notices,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Profile.CurrentPassword")]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "ResetPassword.NewPassword")]
    public string? NewPassword { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [Compare(nameof(NewPassword), ErrorMessage = "Register.PasswordMismatch")]
    [Display(Name = "ResetPassword.NewPasswordRepeat")]
    public string? NewPasswordRepeat { get; set; }

    [TempData]
    public bool Changed { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (string.Equals(CurrentPassword, NewPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(NewPassword), t["Profile.PasswordUnchanged"]);
            return Page();
        }

        var user = (await users.GetUserAsync(User))!;
        var currentPassword = HttpContext.RequestServices.GetRequiredService<CurrentPasswordCheck>();
        if (await currentPassword.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(nameof(CurrentPassword), t["CurrentPassword.LockedOut"]);
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                {
                    var wrong = await currentPassword.FailedAsync(user, HttpContext);
                    ModelState.AddModelError(nameof(CurrentPassword), t[wrong == CurrentPasswordResult.LockedOut ? "CurrentPassword.LockedOut" : "Profile.CurrentPasswordWrong"]);
                }
                else
                {
                    ModelState.AddModelError(nameof(NewPassword), error.Description);
                }
            }

            return Page();
        }

        await notices.EndTokensAsync(user);
        await notices.NotifyAsync(user, "PasswordChanged", null);
        await db.SaveChangesAsync();
        HttpContext.RecordSecurityEvent(SecurityEventKind.PasswordChanged, user);
        await signIn.RefreshSignInAsync(user);
        Changed = true;
        return RedirectToPage();
    }
}
