using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MeineIhk.IdentityProvider.Features.Shared;

namespace MeineIhk.IdentityProvider.Features.Accounts.Register;

/// <summary>Creates the account, its further addresses and every confirmation mail in one transaction.</summary>
public sealed class Registration(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock)
{
    public const string AdditionalEmailPurpose = "ConfirmAdditionalEmail:";

    private const string UserNameField = nameof(InputModel.UserName);

    private const string PasswordField = nameof(InputModel.Password);

    /// <summary>The identity system's own (already localised) description of a refused password, shown as it is.</summary>
    private const string IdentityErrorKey = "Register.IdentityError";

    /// <summary>
    /// Done also when the address belongs to an account: nothing is created then, a notice goes to that address, and
    /// the page must look the same. Otherwise a taken user name, or the password rules the identity system refused.
    /// </summary>
    /// <param name="confirmationLink">Builds the link for (user id, token, further address id or null).</param>
    public async Task<Result<ApplicationUser?>> RegisterAsync(
        InputModel input, string privacyNoticeVersion, CultureInfo culture, Func<string, string, Guid?, Uri> confirmationLink, Uri loginLink)
    {
        var email = input.Email!.Trim();
        if (await IsEmailTakenAsync(email))
        {
            outbox.Add(composer.Compose("AccountExists", email, culture, null, loginLink));
            await db.SaveChangesAsync();
            return Result.Done<ApplicationUser?>(null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new ApplicationUser
        {
            UserName = input.UserName!.Trim(),
            Email = email,
            Anrede = input.Anrede ?? Anrede.KeineAngabe,
            AcademicTitle = string.IsNullOrWhiteSpace(input.AcademicTitle) ? null : input.AcademicTitle.Trim(),
            GivenName = input.GivenName!.Trim(),
            FamilyName = input.FamilyName!.Trim(),
            CreatedAt = now,
            PrivacyNoticeVersion = privacyNoticeVersion,
            PrivacyNoticeAcceptedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync();
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, input.Password!);
        }
        catch (DbUpdateException)
        {
            // Two registrations of the same name at once: the unique index decides, the loser hears it here.
            return Result.Invalid<ApplicationUser?>(UserNameField, "Register.UserNameTaken");
        }

        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? Result.Invalid<ApplicationUser?>(UserNameField, "Register.UserNameTaken")
                : Result.Invalid<ApplicationUser?>([.. created.Errors.Select(e => new BrokenRule(PasswordField, IdentityErrorKey, e.Description))]);
        }

        // Both go to addresses nobody has confirmed yet: no name, nothing the registrant typed (see MailComposer).
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        outbox.Add(composer.Compose("ConfirmEmail", email, culture, null, confirmationLink(user.Id, token, null)));
        foreach (var address in input.AdditionalEmails().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var additional = new AdditionalEmail { UserId = user.Id, Address = address, NormalizedAddress = users.NormalizeEmail(address), CreatedAt = now };
            db.AdditionalEmails.Add(additional);
            var additionalToken = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, AdditionalEmailPurpose + additional.Id);
            outbox.Add(composer.Compose("ConfirmAdditionalEmail", address, culture, null, confirmationLink(user.Id, additionalToken, additional.Id)));
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Result.Done<ApplicationUser?>(user);
    }

    private async Task<bool> IsEmailTakenAsync(string email)
    {
        var normalized = users.NormalizeEmail(email);
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized)
            || await db.AdditionalEmails.AnyAsync(e => e.NormalizedAddress == normalized && e.ConfirmedAt != null);
    }
}
