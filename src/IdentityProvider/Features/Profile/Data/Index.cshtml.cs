using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Profile.Data;

/// <summary>
/// (1) Daten ändern. A new e-mail address takes effect only once confirmed from that address; the old ones are told.
/// Every change of an address asks for the current password, so a stolen session cannot take the account over;
/// an address that belongs to another account is treated as registration treats it: the page looks the same, that
/// address gets a notice, nothing changes.
/// </summary>
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    AccountNotices notices,
    CurrentPasswordCheck currentPassword,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    // Each form binds only its own model (see the handlers), so one form's empty fields never fail the other.
    public PersonalDataFields Input { get; set; } = new();

    public EmailChange NewEmail { get; set; } = new();

    public FurtherAddress Further { get; set; } = new();

    /// <summary>The current password for removing a further address or making it the main one.</summary>
    public PasswordOnly PasswordCheck { get; set; } = new();

    public string CurrentEmail { get; private set; } = string.Empty;

    public IReadOnlyList<AdditionalEmail> FurtherAddresses { get; private set; } = [];

    public bool MayAddFurther => FurtherAddresses.Count < AdditionalEmail.MaxPerUser;

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
        if (await TryUpdateModelAsync(NewEmail, nameof(NewEmail)))
        {
            if (users.NormalizeEmail(NewEmail.Email!.Trim()) == user.NormalizedEmail)
            {
                ModelState.AddModelError("NewEmail.Email", t["Profile.EmailUnchanged"]);
            }
            else
            {
                await RequireCurrentPasswordAsync(user, NewEmail.CurrentPassword, "NewEmail.CurrentPassword");
            }
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(user);
        }

        var address = NewEmail.Email!.Trim();
        await MailConfirmationAsync(user, address, "ConfirmEmailChange", async () =>
            AccountLink.For(Request, "email-aenderung-bestaetigen", user.Id, await users.GenerateChangeEmailTokenAsync(user, address),
                new Dictionary<string, string?> { ["email"] = address }));

        await notices.NotifyAsync(user, "EmailChangeRequested", null, address);
        await db.SaveChangesAsync();
        Message = t["Profile.EmailChangeSent", address];
        return LocalRedirect("/konto");
    }

    /// <summary>A further address (at most <see cref="AdditionalEmail.MaxPerUser"/>, as at registration): a link to it, a notice to the others.</summary>
    public async Task<IActionResult> OnPostAddAddressAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        await LoadAsync(user);
        if (await TryUpdateModelAsync(Further, nameof(Further)))
        {
            var normalized = users.NormalizeEmail(Further.Email!.Trim());
            if (!MayAddFurther)
            {
                ModelState.AddModelError("Further.Email", t["Profile.FurtherLimit", AdditionalEmail.MaxPerUser + 1]);
            }
            else if (normalized == user.NormalizedEmail || FurtherAddresses.Any(e => e.NormalizedAddress == normalized))
            {
                ModelState.AddModelError("Further.Email", t["Profile.FurtherAlreadyYours"]);
            }
            else
            {
                await RequireCurrentPasswordAsync(user, Further.CurrentPassword, "Further.CurrentPassword");
            }
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(user);
        }

        var address = Further.Email!.Trim();
        var additional = new AdditionalEmail
        {
            UserId = user.Id, Address = address, NormalizedAddress = users.NormalizeEmail(address), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AdditionalEmails.Add(additional);

        // Another account's address stays "not yet confirmed" here for good; its owner hears of it, nothing more.
        await MailConfirmationAsync(user, address, "ConfirmAdditionalEmail", async () =>
        {
            var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, Accounts.Register.Registration.AdditionalEmailPurpose + additional.Id);
            return AccountLink.For(Request, "email-bestaetigen", user.Id, token, new Dictionary<string, string?> { ["address"] = additional.Id.ToString() });
        });

        await notices.NotifyAsync(user, "AdditionalEmailAdded", null, address);
        await db.SaveChangesAsync();
        HttpContext.RecordSecurityEvent(SecurityEventKind.AdditionalEmailAdded, user);
        Message = t["Profile.FurtherAdded", address];
        return LocalRedirect("/konto");
    }

    public async Task<IActionResult> OnPostRemoveAddressAsync(Guid id)
    {
        var user = (await users.GetUserAsync(User))!;
        var address = await db.AdditionalEmails.SingleOrDefaultAsync(e => e.Id == id && e.UserId == user.Id);
        if (address is null)
        {
            return NotFound();
        }

        if (!await PasswordCheckPassesAsync(user))
        {
            return await RedisplayAsync(user);
        }

        // The removed address is told too, if it was confirmed: it may have been its owner's last way in.
        await notices.NotifyAsync(user, "AdditionalEmailRemoved", null, address.Address);
        db.AdditionalEmails.Remove(address);
        await db.SaveChangesAsync();
        HttpContext.RecordSecurityEvent(SecurityEventKind.AdditionalEmailRemoved, user);
        Message = t["Profile.FurtherRemoved", address.Address];
        return LocalRedirect("/konto");
    }

    /// <summary>A confirmed further address becomes the main one; the main one becomes a further address.</summary>
    public async Task<IActionResult> OnPostMakePrimaryAsync(Guid id)
    {
        var user = (await users.GetUserAsync(User))!;
        var address = await db.AdditionalEmails.SingleOrDefaultAsync(e => e.Id == id && e.UserId == user.Id && e.ConfirmedAt != null);
        if (address is null || !user.EmailConfirmed)
        {
            return NotFound();
        }

        if (!await PasswordCheckPassesAsync(user))
        {
            return await RedisplayAsync(user);
        }

        var (oldAddress, newAddress) = (user.Email!, address.Address);
        address.Address = oldAddress;
        address.NormalizedAddress = user.NormalizedEmail!;
        user.Email = newAddress;
        user.NormalizedEmail = users.NormalizeEmail(newAddress);
        await users.UpdateAsync(user);
        await notices.NotifyAsync(user, "PrimaryEmailChanged", null, newAddress);
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        HttpContext.RecordSecurityEvent(SecurityEventKind.EmailChanged, user, "further-address-made-primary");
        Message = t["Profile.PrimaryChanged", newAddress];
        return LocalRedirect("/konto");
    }

    /// <summary>The one-field password form of a further address (remove, make main).</summary>
    private async Task<bool> PasswordCheckPassesAsync(ApplicationUser user)
    {
        if (await TryUpdateModelAsync(PasswordCheck, nameof(PasswordCheck)))
        {
            await RequireCurrentPasswordAsync(user, PasswordCheck.CurrentPassword, "PasswordCheck.CurrentPassword");
        }

        return ModelState.IsValid;
    }

    /// <summary>A wrong (or empty) current password counts towards the lockout and marks <paramref name="field"/>.</summary>
    private async Task RequireCurrentPasswordAsync(ApplicationUser user, string? password, string field)
    {
        if (!await currentPassword.IsRightAsync(user, password, HttpContext))
        {
            ModelState.AddModelError(field, t["Profile.CurrentPasswordWrong"]);
        }
    }

    /// <summary>The confirmation link goes to a free address; an address of another account only hears that it is taken.</summary>
    private async Task MailConfirmationAsync(ApplicationUser user, string address, string purpose, Func<Task<Uri>> link) =>
        outbox.Add(await db.IsAddressTakenByAnotherAsync(user, users.NormalizeEmail(address))
            ? composer.Compose("EmailInUse", address, CultureInfo.CurrentUICulture, null, Request.PublicUri("anmelden"))
            : composer.Compose(purpose, address, CultureInfo.CurrentUICulture, null, await link()));

    private async Task<IActionResult> RedisplayAsync(ApplicationUser user)
    {
        Input = PersonalDataFields.Of(user);
        NewEmail.CurrentPassword = null;
        Further.CurrentPassword = null;
        PasswordCheck.CurrentPassword = null;
        await LoadAsync(user);
        return Page();
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

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Profile.CurrentPassword")]
        public string? CurrentPassword { get; set; }
    }

    public sealed class PasswordOnly
    {
        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Profile.CurrentPassword")]
        public string? CurrentPassword { get; set; }
    }

    public sealed class FurtherAddress
    {
        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [Display(Name = "Profile.FurtherEmail")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Profile.CurrentPassword")]
        public string? CurrentPassword { get; set; }
    }
}
