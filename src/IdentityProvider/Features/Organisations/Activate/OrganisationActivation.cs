using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Activate;

/// <summary>
/// "Organisation aktivieren": the letter's password makes the user an administrator of the organisation.
/// The current letter is the organisation's newest one not revoked; a letter works once (its concurrency stamp
/// decides between two simultaneous posts) and expires. Wrong passwords never lock the letter: they are counted per
/// user and per client address with a growing wait (<see cref="ActivationBackOff"/>), and after
/// <see cref="ActivationLetter.ChamberAlertThreshold"/> on one letter its chamber's staff are told. Every attempt
/// that is not waiting costs exactly one password hash, also when nothing matches.
/// </summary>
public sealed class OrganisationActivation(
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    ActivationBackOff backOff,
    Notifier notifier,
    ISecurityEventTrail trail,
    TimeProvider clock)
{
    // Compared when there is no letter, so that an unknown organisation costs the same time as a wrong password.
    private static readonly ActivationLetter NoLetter = new()
    {
        PasswordHash = new PasswordHasher<ActivationLetter>().HashPassword(null!, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))),
        RecipientName = "-", RecipientFirmierung = "-", RecipientStrasse = "-", RecipientHausnummer = "-", RecipientPlz = "-", RecipientOrt = "-",
    };

    /// <summary>
    /// The activated organisation, or what went wrong: the wait of the back-off (with the time to try again); no letter
    /// or the wrong password (one message for both); expired and already used are told only to someone who typed the
    /// letter's right password (docs/architecture.md); a conflict when someone else used the letter at the same moment.
    /// </summary>
    public async Task<Result<Organisation>> ActivateAsync(
        ApplicationUser user, string kammernummer, string identnummer, string password, IPAddress? clientAddress, CultureInfo culture, Uri manageLink,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await backOff.BlockedUntilAsync(user, clientAddress, now, cancellationToken) is { } waitUntil)
        {
            trail.Record(new SecurityEvent(SecurityEventKind.ActivationBackedOff, user.Id, user.UserName, RemoteAddress: clientAddress?.ToString()));
            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.Wait", TryAgainAt(waitUntil, now, culture));
        }

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
        if (organisation is null || letter is null || !matches)
        {
            trail.Record(new SecurityEvent(SecurityEventKind.ActivationPasswordWrong, user.Id, user.UserName,
                Detail: letter is null ? "no-letter" : "wrong-password", RemoteAddress: clientAddress?.ToString()));
            var blockedUntil = await CountFailureAsync(letter?.Id, user, clientAddress, now, manageLink, cancellationToken);
            return blockedUntil is null
                ? Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.NoMatch")
                : Result.Invalid<Organisation>([
                    new BrokenRule(string.Empty, "Organisations.Activate.NoMatch"),
                    new BrokenRule(string.Empty, "Organisations.Activate.Wait", TryAgainAt(blockedUntil.Value, now, culture))]);
        }

        await backOff.ForgetUserAsync(user, cancellationToken);
        if (letter.UsedAt is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return Result.Invalid<Organisation>(string.Empty, "Organisations.Activate.AlreadyUsed");
        }

        if (!letter.IsUsable(now))
        {
            await db.SaveChangesAsync(cancellationToken);
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

    /// <summary>
    /// Counts the wrong password for the user, the address and the letter; under simultaneous posts on top of the
    /// others' counts, so that none is lost. Returns until when the user or address must now wait, if at all.
    /// </summary>
    private async Task<DateTime?> CountFailureAsync(
        Guid? letterId, ApplicationUser user, IPAddress? clientAddress, DateTime now, Uri baseUri, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var until = await backOff.RegisterFailureAsync(user, clientAddress, now, cancellationToken);
            var letter = letterId is null
                ? null
                : await db.ActivationLetters.Include(l => l.Organisation).SingleAsync(l => l.Id == letterId, cancellationToken);
            if (letter is not null && letter.IsUsable(now))
            {
                if (letter.RegisterFailedAttempt(now))
                {
                    await TellChamberAsync(letter, baseUri, cancellationToken);
                }

                db.Audit(AuditAction.ActivationFailed, now, user, letter.OrganisationId, letter.Organisation.ChamberId, details: letter.Id.ToString());
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return until;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // DbUpdateConcurrencyException included, and a counter row another post inserted first: count again on top.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task TellChamberAsync(ActivationLetter letter, Uri baseUri, CancellationToken cancellationToken)
    {
        var staff = await db.ChamberStaff.Where(s => s.ChamberId == letter.Organisation.ChamberId).Select(s => s.User).ToListAsync(cancellationToken);
        foreach (var member in staff)
        {
            notifier.Notify(member, NotificationKind.ActivationFailures, letter.Organisation,
                letter.FailedAttempts.ToString(CultureInfo.InvariantCulture), new Uri(baseUri, "kammer/briefe"));
        }

        trail.Record(new SecurityEvent(SecurityEventKind.ChamberToldOfActivationFailures, Detail: letter.OrganisationId.ToString()));
    }

    /// <summary>"14:05" today, else the full time ("04.12.2026, 14:05 Uhr"), in German time.</summary>
    private static string TryAgainAt(DateTime utc, DateTime now, CultureInfo culture) =>
        DisplayTime.InBerlin(utc).Date == DisplayTime.InBerlin(now).Date
            ? DisplayTime.InBerlin(utc).ToString("HH:mm", culture)
            : DisplayTime.Format(utc, culture);
}
