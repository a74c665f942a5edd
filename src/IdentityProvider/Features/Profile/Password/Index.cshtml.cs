using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Password;

/// <summary>(2) Passwort ändern: the current password is required; other sessions and refresh tokens end.</summary>
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
        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                {
                    ModelState.AddModelError(nameof(CurrentPassword), t["Profile.CurrentPasswordWrong"]);
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
        await signIn.RefreshSignInAsync(user);
        Changed = true;
        return RedirectToPage();
    }
}
