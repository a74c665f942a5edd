using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Profile;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>
/// Platform support resets a person's second factors when they lost every factor and every recovery code, after
/// checking their identity (docs/operations.md). Two steps with the operator's waiting period between them: the
/// request tells every confirmed address at once (so that the real owner can object), the reset after the period
/// removes the authenticator, the recovery codes and every passkey and changes the security stamp (every session and
/// refresh token ends). Both steps are audit entries.
/// </summary>
public sealed class SecondFactorReset(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    AccountNotices notices,
    ISecurityEventTrail trail,
    IOptions<SecondFactorOptions> options,
    TimeProvider clock)
{
    private const string StoreName = "[MeineIhk]";

    private const string RequestedName = "SecondFactorResetRequested";

    public enum Outcome
    {
        Requested,
        Waiting,
        Reset,
        Cancelled,
        NothingToCancel,
    }

    /// <summary>Requests the reset, or carries out a request whose waiting period is over; returns when it takes effect.</summary>
    public async Task<(Outcome Outcome, DateTimeOffset EffectiveAt)> RequestOrResetAsync(ApplicationUser user, string reference)
    {
        var now = clock.GetUtcNow();
        var requested = await RequestedAtAsync(user);
        if (requested is null)
        {
            await users.SetAuthenticationTokenAsync(user, StoreName, RequestedName, now.ToString("O", CultureInfo.InvariantCulture));
            var effective = now + options.Value.ResetWaitingPeriod;
            await notices.NotifyAsync(user, "SecondFactorResetRequested", null, DisplayTime.Format(effective));
            db.Audit("account.second_factor_reset_requested", now.UtcDateTime, null, subject: user, details: reference);
            await db.SaveChangesAsync();
            return (options.Value.ResetWaitingPeriod == TimeSpan.Zero ? await ResetAsync(user, reference, now) : Outcome.Requested, effective);
        }

        var effectiveAt = requested.Value + options.Value.ResetWaitingPeriod;
        return now < effectiveAt ? (Outcome.Waiting, effectiveAt) : (await ResetAsync(user, reference, now), effectiveAt);
    }

    public async Task<Outcome> CancelAsync(ApplicationUser user, string reference)
    {
        if (await RequestedAtAsync(user) is null)
        {
            return Outcome.NothingToCancel;
        }

        await users.RemoveAuthenticationTokenAsync(user, StoreName, RequestedName);
        db.Audit("account.second_factor_reset_cancelled", clock.GetUtcNow().UtcDateTime, null, subject: user, details: reference);
        await db.SaveChangesAsync();
        return Outcome.Cancelled;
    }

    private async Task<DateTimeOffset?> RequestedAtAsync(ApplicationUser user) =>
        DateTimeOffset.TryParse(await users.GetAuthenticationTokenAsync(user, StoreName, RequestedName), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    private async Task<Outcome> ResetAsync(ApplicationUser user, string reference, DateTimeOffset now)
    {
        await SecondFactorPolicy.RemoveAuthenticatorAsync(users, user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        foreach (var passkey in await users.GetPasskeysAsync(user))
        {
            await users.RemovePasskeyAsync(user, passkey.CredentialId);
        }

        await SecondFactorPolicy.SyncTwoFactorFlagAsync(users, user);
        await users.RemoveAuthenticationTokenAsync(user, StoreName, RequestedName);
        await users.UpdateSecurityStampAsync(user); // every session ends at its next check, refresh tokens at once (below)
        await notices.EndTokensAsync(user);
        await notices.NotifyAsync(user, "SecondFactorReset", null);
        db.Audit("account.second_factor_reset", now.UtcDateTime, null, subject: user, details: reference);
        await db.SaveChangesAsync();
        trail.Record(new SecurityEvent(SecurityEventKind.SecondFactorReset, user.Id, user.UserName, Detail: "operator"));
        return Outcome.Reset;
    }
}
