using System.Globalization;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>"Jetzt registrieren": step 1 (personal data), step 2 (Informationspflichten), then the mail.</summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.Throttling.PerClientAddress)]
[Passwords.HashesPasswords]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    Registration registration,
    RegistrationDraft drafts,
    Organisations.Invitations.InvitationLinks invitations,
    PrivacyNotice privacyNotice,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Step 1's data, protected, while the user reads step 2.</summary>
    [BindProperty]
    public string? Draft { get; set; }

    [BindProperty]
    public bool AcceptPrivacyNotice { get; set; }

    /// <summary>Where to continue after confirming and logging in (e.g. an invitation link); travels in the confirmation link.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public int Step { get; private set; } = 1;

    public bool PasswordAgain { get; private set; }

    public IReadOnlyList<PrivacyNotice.Block> Notice { get; private set; } = [];

    /// <summary>An invitee who registers from the invitation link finds the invited address filled in.</summary>
    public async Task OnGetAsync()
    {
        if (await invitations.InvitedAddressAsync(ReturnUrl, HttpContext.RequestAborted) is { } invited)
        {
            Input.Email = Input.EmailRepeat = invited;
        }
    }

    public async Task<IActionResult> OnPostNextAsync()
    {
        await CheckStepOneAsync();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return ShowStepTwo(drafts.Protect(Input));
    }

    public IActionResult OnPostBack()
    {
        ModelState.Clear();
        Input = drafts.Unprotect(Draft) ?? new InputModel();
        Input.Password = Input.PasswordRepeat = null;
        PasswordAgain = true;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync()
    {
        ModelState.Clear();
        var input = drafts.Unprotect(Draft);
        if (input is null)
        {
            ModelState.AddModelError(string.Empty, t["Register.DraftExpired"]);
            return Page();
        }

        if (!AcceptPrivacyNotice)
        {
            ModelState.AddModelError(nameof(AcceptPrivacyNotice), t["Register.AcceptRequired"]);
            return ShowStepTwo(Draft!);
        }

        var result = await registration.RegisterAsync(
            input, privacyNotice.CurrentVersion, CultureInfo.CurrentUICulture, ConfirmationLinkFor, new Uri(BaseUrl, "anmelden"));
        if (result.Succeeded)
        {
            return RedirectToPage("Done");
        }

        Input = input;
        Input.Password = Input.PasswordRepeat = null;
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("Input." + error.Field, error.Message(t));
        }

        return Page();
    }

    private PageResult ShowStepTwo(string draft)
    {
        Draft = draft;
        Step = 2;
        Notice = privacyNotice.Read(CultureInfo.CurrentUICulture);
        return Page();
    }

    /// <summary>What the attributes cannot say: distinct addresses, a free name and the whole password policy at once.</summary>
    private async Task CheckStepOneAsync()
    {
        var addresses = new[] { Input.Email, Input.AdditionalEmail1, Input.AdditionalEmail2 };
        for (var i = 1; i < addresses.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(addresses[i])
                && addresses.Take(i).Any(a => string.Equals(a?.Trim(), addresses[i]!.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                ModelState.AddModelError(i == 1 ? "Input.AdditionalEmail1" : "Input.AdditionalEmail2", t["Register.EmailDuplicate"]);
            }
        }

        if (!string.IsNullOrWhiteSpace(Input.UserName) && ModelState.GetFieldValidationState("Input.UserName") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && await users.FindByNameAsync(Input.UserName.Trim()) is not null)
        {
            ModelState.AddModelError("Input.UserName", t["Register.UserNameTaken"]);
        }

        if (!string.IsNullOrEmpty(Input.Password))
        {
            var candidate = new ApplicationUser
            {
                UserName = Input.UserName?.Trim(),
                Email = Input.Email?.Trim(),
                GivenName = Input.GivenName ?? string.Empty,
                FamilyName = Input.FamilyName ?? string.Empty,
            };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, candidate, Input.Password);
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError("Input.Password", error.Description);
                }
            }
        }
    }

    private Uri BaseUrl => Request.PublicBaseUri();

    private Uri ConfirmationLinkFor(string userId, string token, Guid? furtherAddress) =>
        AccountLink.For(Request, "email-bestaetigen", userId, token,
            furtherAddress is not null ? new Dictionary<string, string?> { ["address"] = furtherAddress.Value.ToString() }
            : Url.IsLocalUrl(ReturnUrl) ? new Dictionary<string, string?> { ["returnUrl"] = ReturnUrl }
            : null);
}
