using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Profile;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.ResetPassword;

/// <summary>
/// The link from the reset mail. Resetting changes the security stamp: the link is then used up and every session
/// ends; refresh tokens and authorizations end at once, and every confirmed address is told.
/// </summary>
[AllowAnonymous]
[Passwords.HashesPasswords]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    AccountNotices notices,
    ISecurityEventTrail trail,
    IStringLocalizer<SharedResource> t) : PageModel
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
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = AccountLink.Decode(Code);
        if (!ModelState.IsValid)
        {
            // A mismatch of the repetition does not hide what the rules say about the password itself.
            await AddRuleErrorsAsync(user);
            return Page();
        }

        if (user is null || token is null
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<ApplicationUser>.ResetPasswordTokenPurpose, token))
        {
            ModelState.AddModelError(string.Empty, t["ResetPassword.Invalid"]);
            return Page();
        }

        // Only after the link proved valid, so that this page never tells a stranger whether a password is right.
        if (await users.CheckPasswordAsync(user, NewPassword!))
        {
            ModelState.AddModelError(nameof(NewPassword), t["Profile.PasswordUnchanged"]);
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
        await notices.EndTokensAsync(user);
        await notices.NotifyAsync(user, "PasswordReset", Request.PublicUri("passwort-vergessen"));
        await db.SaveChangesAsync();
        trail.Record(new SecurityEvent(SecurityEventKind.PasswordReset, user.Id, user.UserName, RemoteAddress: HttpContext.Connection.RemoteIpAddress?.ToString()));
        Done = true;
        return Page();
    }

    private async Task AddRuleErrorsAsync(ApplicationUser? user)
    {
        if (string.IsNullOrEmpty(NewPassword) || ModelState[nameof(NewPassword)]?.Errors.Count > 0)
        {
            return;
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user!, NewPassword);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(NewPassword), error.Description);
            }
        }
    }
}
