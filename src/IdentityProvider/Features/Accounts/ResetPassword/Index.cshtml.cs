using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.ResetPassword;

/// <summary>The link from the reset mail. Resetting changes the security stamp: the link is then used up and other sessions end.</summary>
[AllowAnonymous]
[Passwords.HashesPasswords]
public sealed class IndexModel(UserManager<ApplicationUser> users, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "ResetPassword.NewPassword")]
    public string? NewPassword { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [Compare(nameof(NewPassword), ErrorMessage = "Register.PasswordMismatch")]
    [DataType(DataType.Password)]
    [Display(Name = "ResetPassword.NewPasswordRepeat")]
    public string? NewPasswordRepeat { get; set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = AccountLink.Decode(Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError(string.Empty, t["ResetPassword.Invalid"]);
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : nameof(NewPassword),
                    error.Code == "InvalidToken" ? t["ResetPassword.Invalid"] : error.Description);
            }

            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        HttpContext.RecordSecurityEvent(SecurityEventKind.PasswordReset, user);
        Done = true;
        return Page();
    }
}
