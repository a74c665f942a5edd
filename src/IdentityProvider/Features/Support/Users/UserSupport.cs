using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Profile;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Support.Users;

/// <summary>
/// What platform support does for a person: find them, see why a login fails, and resend the confirmation, unlock
/// or end every session. Each action is audit-logged, recorded as a security event and mailed to the person.
/// </summary>
public sealed class UserSupport(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    AccountNotices notices,
    BackChannelLogout backChannelLogout,
    MailOutbox outbox,
    MailComposer composer,
    ISecurityEventTrail trail,
    TimeProvider clock)
{
    public const int MaxResults = 50;

    /// <summary>People whose user name, e-mail address (main or further) or name contains the text; at most <see cref="MaxResults"/>.</summary>
    public async Task<IReadOnlyList<ApplicationUser>> SearchAsync(string text, CancellationToken cancellationToken)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            return [];
        }

        // Every word must match (so "Max Mustermann" finds him); Identity's normalised forms are upper case, names
        // compare as typed and lower-cased (SQLite folds only ASCII).
        var query = db.Users.AsNoTracking();
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var upper = word.ToUpperInvariant();
            var lower = word.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // runs as SQL lower(), where .NET cultures and comparisons do not apply
            query = query.Where(u => u.NormalizedUserName!.Contains(upper)
                || u.NormalizedEmail!.Contains(upper)
                || u.AdditionalEmails.Any(e => e.NormalizedAddress.Contains(upper))
                || u.GivenName.Contains(word) || u.GivenName.ToLower().Contains(lower)
                || u.FamilyName.Contains(word) || u.FamilyName.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return await query
            .OrderBy(u => u.FamilyName).ThenBy(u => u.GivenName).ThenBy(u => u.UserName)
            .Take(MaxResults)
            .ToListAsync(cancellationToken);
    }

    public async Task<SupportedUser?> StatusAsync(string userId, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var lockEnd = user.LockoutEnd is { } end && end > now ? end : (DateTimeOffset?)null;
        var lockReason = lockEnd is null ? LockReason.None
            : Accounts.Login.LockedAccount.IsSelfLocked(lockEnd) ? LockReason.SelfLocked
            : LockReason.FailedAttempts;
        var passkeys = users.SupportsUserPasskey ? (await users.GetPasskeysAsync(user)).Count : 0;
        var lastSignIn = await db.ClientSessions.Where(s => s.UserId == user.Id)
            .OrderByDescending(s => s.CreatedAt).Select(s => (DateTime?)s.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var openSessions = await db.ClientSessions.CountAsync(s => s.UserId == user.Id && s.EndedAt == null, cancellationToken);
        var further = await db.AdditionalEmails.AsNoTracking().Where(e => e.UserId == user.Id)
            .OrderBy(e => e.CreatedAt).Select(e => new FurtherAddress(e.Address, e.ConfirmedAt != null)).ToListAsync(cancellationToken);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new SupportedMembership(
                m.Organisation.Firmierung,
                m.Organisation.Status,
                m.IsAdministrator,
                m.Roles.Select(r => new SupportedRole(r.Role.Fachanwendung.DisplayNameDe, r.Role.Fachanwendung.DisplayNameEn, r.Role.DisplayNameDe, r.Role.DisplayNameEn)).ToList()))
            .ToListAsync(cancellationToken);
        var chamber = await db.ChamberStaff.Where(s => s.UserId == user.Id).Select(s => s.Chamber.Name).SingleOrDefaultAsync(cancellationToken);
        return new SupportedUser(
            user,
            lockEnd,
            lockReason,
            user.AccessFailedCount,
            await users.GetTwoFactorEnabledAsync(user),
            passkeys,
            lastSignIn,
            openSessions,
            further,
            memberships,
            [.. await users.GetRolesAsync(user)],
            chamber);
    }

    /// <summary>A new confirmation link to the main address; false when the address is confirmed already.</summary>
    public async Task<bool> ResendConfirmationAsync(ApplicationUser user, ApplicationUser actor, HttpRequest request)
    {
        if (user.EmailConfirmed || user.Email is null)
        {
            return false;
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        outbox.Add(composer.Compose("ConfirmEmail", user.Email, CultureInfo.CurrentUICulture, user.DisplayName, AccountLink.For(request, "email-bestaetigen", user.Id, token)));
        db.Audit(AuditAction.SupportConfirmationResent, Now, actor, subject: user);
        await db.SaveChangesAsync();
        trail.Record(new SecurityEvent(SecurityEventKind.ConfirmationResentBySupport, user.Id, user.UserName, Detail: "support:" + actor.UserName));
        return true;
    }

    /// <summary>Lifts a lock (self-lock or failed attempts); false when the account was not locked.</summary>
    public async Task<bool> UnlockAsync(ApplicationUser user, ApplicationUser actor)
    {
        if (user.LockoutEnd is not { } end || end <= clock.GetUtcNow())
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        db.Audit(AuditAction.SupportUnlocked, Now, actor, subject: user);
        await notices.NotifyAsync(user, "SupportUnlocked", null);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        trail.Record(new SecurityEvent(SecurityEventKind.AccountUnlocked, user.Id, user.UserName, Detail: "support:" + actor.UserName));
        return true;
    }

    /// <summary>
    /// Ends every session: a new security stamp (the provider's cookies), revoked authorizations and tokens, and a
    /// back-channel logout notice to every application the person is signed in to, in one transaction.
    /// </summary>
    public async Task EndSessionsAsync(ApplicationUser user, ApplicationUser actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.UpdateSecurityStampAsync(user));
        await backChannelLogout.UserEndedAsync(user.Id, BackChannelLogoutReason.EndedBySupport, cancellationToken);
        db.Audit(AuditAction.SupportSessionsEnded, Now, actor, subject: user);
        await notices.NotifyAsync(user, "SupportSessionsEnded", null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        trail.Record(new SecurityEvent(SecurityEventKind.SessionEnded, user.Id, user.UserName, Detail: "support:" + actor.UserName));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}

public enum LockReason
{
    None,
    SelfLocked,
    FailedAttempts,
}

public sealed record FurtherAddress(string Address, bool Confirmed);

public sealed record SupportedRole(string ApplicationDe, string ApplicationEn, string RoleDe, string RoleEn)
{
    public string Text(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? $"{ApplicationEn}: {RoleEn}" : $"{ApplicationDe}: {RoleDe}";
}

public sealed record SupportedMembership(string Firmierung, OrganisationStatus Status, bool IsAdministrator, List<SupportedRole> Roles);

public sealed record SupportedUser(
    ApplicationUser User,
    DateTimeOffset? LockedUntil,
    LockReason LockReason,
    int FailedAttempts,
    bool TwoFactorEnabled,
    int Passkeys,
    DateTime? LastApplicationSignIn,
    int OpenApplicationSessions,
    IReadOnlyList<FurtherAddress> FurtherAddresses,
    IReadOnlyList<SupportedMembership> Memberships,
    IReadOnlyList<string> PlatformRoles,
    string? ChamberStaffOf);
