using System.Globalization;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MeineIhk.IdentityProvider.Features.Shared;

namespace MeineIhk.IdentityProvider.Features.Organisations.Activate;

/// <summary>
/// "Organisation aktivieren": the letter's password makes the user an administrator of the organisation.
/// The current letter is the organisation's newest one not revoked; a letter works once (its concurrency stamp
/// decides between two simultaneous posts), locks after <see cref="ActivationLetter.MaxFailedAttempts"/> wrong
/// passwords and expires. Every attempt costs exactly one password hash, also when nothing matches.
/// </summary>
public sealed class OrganisationActivation(ApplicationDbContext db, MailOutbox outbox, MailComposer composer, TimeProvider clock)
{
    // Compared when there is no letter, so that an unknown organisation costs the same time as a wrong password.
    private static readonly ActivationLetter NoLetter = new()
    {
        PasswordHash = new PasswordHasher<ActivationLetter>().HashPassword(null!, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))),
        RecipientName = "-", RecipientFirmierung = "-", RecipientStrasse = "-", RecipientHausnummer = "-", RecipientPlz = "-", RecipientOrt = "-",
    };

    /// <summary>
    /// The activated organisation, or one broken rule: no letter or the wrong password (one message for both); locked,
    /// expired and already used are told only to someone who typed the letter's right password (docs/architecture.md);
    /// a conflict when someone else used the letter at the same moment.
    /// </summary>
    public async Task<Result<Organisation>> ActivateAsync(
        ApplicationUser user, string kammernummer, string identnummer, string password, CultureInfo culture, Uri manageLink, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var organisation = await db.Organisations
            .Include(o => o.Chamber)
            .Include(o => o.Memberships)
            .Where(o => o.Chamber.Kammernummer == kammernummer && o.Identnummer == identnummer)
            .Where(o => o.Status == OrganisationStatus.Approved || o.Status == OrganisationStatus.Active)
            .SingleOrDefaultAsync(cancellationToken);
        var letter = organisation is null
            ? null
            : await db.ActivationLetters
                .Where(l => l.OrganisationId == organisation.Id && l.RevokedAt == null)
                .OrderByDescending(l => l.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken);

        var matches = ActivationLetterIssuer.Matches(letter ?? NoLetter, password);
        if (organisation is null || letter is null)
        {
            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.NoMatch");
        }

        if (!matches)
        {
            if (letter.IsUsable(now))
            {
                await CountFailureAsync(letter, organisation, user, now, cancellationToken);
            }

            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.NoMatch");
        }

        if (letter.UsedAt is not null)
        {
            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.AlreadyUsed");
        }

        if (letter.IsLocked)
        {
            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.Locked");
        }

        if (!letter.IsUsable(now))
        {
            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.Expired");
        }

        letter.MarkUsed(user.Id, now);
        if (organisation.Status == OrganisationStatus.Approved)
        {
            organisation.Activate(user, now);
            db.Audit(AuditAction.OrganisationActivated, now, user, organisation.Id, organisation.ChamberId, user, letter.Id.ToString());
        }
        else
        {
            // A letter after "Neues Organisationspasswort anfordern": whoever holds it becomes an administrator.
            if (organisation.Memberships.FirstOrDefault(m => m.UserId == user.Id) is { } membership)
            {
                organisation.SetAdministrator(membership, true);
            }
            else
            {
                organisation.AddMember(user, isAdministrator: true, now);
            }

            organisation.ConcurrencyStamp = Guid.NewGuid();
            db.Audit(AuditAction.AdministratorGranted, now, user, organisation.Id, organisation.ChamberId, user, letter.Id.ToString());
        }

        outbox.Add(composer.Compose("OrganisationActivated", user.Email!, culture, user.DisplayName, manageLink, organisation.Firmierung));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // DbUpdateConcurrencyException included: the other post used the letter first.
            return Result.Conflict<Organisation>("Organisations.Activate.Conflict");
        }

        return Result.Done(organisation);
    }

    /// <summary>Counts the wrong password; under simultaneous posts, on top of the others' counts, so that none is lost.</summary>
    private async Task CountFailureAsync(ActivationLetter letter, Organisation organisation, ApplicationUser user, DateTime now, CancellationToken cancellationToken)
    {
        letter.RegisterFailedAttempt();
        db.Audit(AuditAction.ActivationFailed, now, user, organisation.Id, organisation.ChamberId, details: letter.Id.ToString());
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException conflict) when (attempt < 5)
            {
                foreach (var entry in conflict.Entries)
                {
                    await entry.ReloadAsync(cancellationToken);
                }

                if (letter.IsLocked)
                {
                    db.ChangeTracker.Clear();
                    return;
                }

                letter.RegisterFailedAttempt();
            }
        }
    }
}
