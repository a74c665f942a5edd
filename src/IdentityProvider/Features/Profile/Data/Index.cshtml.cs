using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Data;

/// <summary>(1) Daten ändern. A new e-mail address takes effect only once confirmed from that address; the old ones are told.</summary>
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    AccountNotices notices,
    IStringLocalizer<SharedResource> t) : PageModel
{
    // Each form binds only its own model (see the handlers), so one form's empty fields never fail the other.
    public PersonalDataFields Input { get; set; } = new();

    public EmailChange NewEmail { get; set; } = new();

    public string CurrentEmail { get; private set; } = string.Empty;

    public IReadOnlyList<AdditionalEmail> FurtherAddresses { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        Input = PersonalDataFields.Of(user);
        await LoadAsync(user);
    }

    public async Task<IActionResult> OnPostDataAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        if (!await TryUpdateModelAsync(Input, nameof(Input)))
        {
            await LoadAsync(user);
            return Page();
        }

        user.Anrede = Input.Anrede ?? Anrede.KeineAngabe;
        user.AcademicTitle = string.IsNullOrWhiteSpace(Input.AcademicTitle) ? null : Input.AcademicTitle.Trim();
        user.GivenName = Input.GivenName!.Trim();
        user.FamilyName = Input.FamilyName!.Trim();
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        Message = t["Profile.DataSaved"];
        return LocalRedirect("/konto");
    }

    public async Task<IActionResult> OnPostEmailAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        if (await TryUpdateModelAsync(NewEmail, nameof(NewEmail)) && await users.FindByEmailAsync(NewEmail.Email!.Trim()) is { } owner)
        {
            ModelState.AddModelError("NewEmail.Email", owner.Id == user.Id ? t["Profile.EmailUnchanged"] : t["Profile.EmailTaken"]);
        }

        if (!ModelState.IsValid)
        {
            Input = PersonalDataFields.Of(user);
            await LoadAsync(user);
            return Page();
        }

        var address = NewEmail.Email!.Trim();
        var link = AccountLink.For(Request, "email-aenderung-bestaetigen", user.Id, await users.GenerateChangeEmailTokenAsync(user, address),
            new Dictionary<string, string?> { ["email"] = address });
        outbox.Add(composer.Compose("ConfirmEmailChange", address, CultureInfo.CurrentUICulture, user.DisplayName, link));
        await notices.NotifyAsync(user, "EmailChangeRequested", null, address);
        await db.SaveChangesAsync();
        Message = t["Profile.EmailChangeSent", address];
        return LocalRedirect("/konto");
    }

    private async Task LoadAsync(ApplicationUser user)
    {
        CurrentEmail = user.Email ?? string.Empty;
        FurtherAddresses = await db.AdditionalEmails.AsNoTracking().Where(e => e.UserId == user.Id).OrderBy(e => e.CreatedAt).ToListAsync();
    }

    public sealed class EmailChange
    {
        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [Display(Name = "Profile.NewEmail")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [Compare(nameof(Email), ErrorMessage = "Register.EmailMismatch")]
        [Display(Name = "Profile.NewEmailRepeat")]
        public string? EmailRepeat { get; set; }
    }
}
