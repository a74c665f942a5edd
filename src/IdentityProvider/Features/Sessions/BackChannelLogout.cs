using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Records which clients a provider session signed in to, and queues back-channel logout notices when a session
/// or a user's access ends. Notices are added to the caller's context, so they are stored by the caller's
/// SaveChanges in the same transaction as the change that causes them (an outbox, like mails).
/// </summary>
public sealed class BackChannelLogout(ApplicationDbContext db, TimeProvider clock, OutboxSignal signal)
{
    /// <summary>Remembers that session <paramref name="sessionId"/> signed <paramref name="userId"/> in to the client (one row per session and client).</summary>
    public async Task RecordSignInAsync(string sessionId, string userId, string clientId, CancellationToken cancellationToken)
    {
        var existing = await db.ClientSessions.SingleOrDefaultAsync(s => s.SessionId == sessionId && s.ClientId == clientId, cancellationToken);
        if (existing is not null)
        {
            // Ended while the provider session went on (a lost role, granted again): the client is in the session again.
            if (existing.EndedAt is not null)
            {
                existing.EndedAt = null;
                await db.SaveChangesAsync(cancellationToken);
            }

            return;
        }

        var row = new ClientSession { SessionId = sessionId, UserId = userId, ClientId = clientId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.ClientSessions.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same session signed in to the same client in a parallel request: its row is there.
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// The provider session ended (logout): every client it signed in to and that takes back-channel logout gets a
    /// notice with the session id, the client that asked for an RP-initiated logout included (its other tabs and
    /// back ends learn of it the same way; the certification module oidcc-backchannel-rp-initiated-logout waits for it).
    /// Saves.
    /// </summary>
    public async Task SessionEndedAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.ClientSessions
            .Where(s => s.SessionId == sessionId && s.UserId == userId && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        if (sessions.Count == 0)
        {
            return;
        }

        var clientIds = sessions.Select(s => s.ClientId).ToList();
        var uris = await LogoutUrisAsync(clientIds, cancellationToken);
        foreach (var session in sessions)
        {
            session.EndedAt = now;
            if (uris.TryGetValue(session.ClientId, out var uri))
            {
                Enqueue(session.ClientId, uri, userId, sessionId, BackChannelLogoutReason.Logout, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Every session of the user ends (account locked or deleted): a notice without session id to every client
    /// where the user has an open session or a valid authorization, and every authorization and token of the user
    /// revoked. All tracked changes; the caller's SaveChanges commits them with the change that causes them.
    /// </summary>
    public async Task UserEndedAsync(string userId, BackChannelLogoutReason reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.ClientSessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        var authorized = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => a.Subject == userId && a.Status == Statuses.Valid && a.Application != null)
            .Select(a => a.Application!.ClientId!)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.EndedAt = now;
        }

        var clientIds = sessions.Select(s => s.ClientId).Concat(authorized).Distinct(StringComparer.Ordinal).ToList();
        foreach (var (clientId, uri) in await LogoutUrisAsync(clientIds, cancellationToken))
        {
            Enqueue(clientId, uri, userId, null, reason, now);
        }

        await Revocation.RevokeAsync(db, userId, clientIds: null, cancellationToken);
    }

    /// <summary>
    /// Server-side sessions end (<see cref="AuthenticationSession"/>): each row is marked ended with the reason, and every
    /// application used in it hears of it with the session's <c>sid</c>. Tracked changes only; the caller saves.
    /// </summary>
    public async Task AuthenticationSessionsEndedAsync(IReadOnlyCollection<AuthenticationSession> ended, string reason, CancellationToken cancellationToken)
    {
        if (ended.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var session in ended)
        {
            session.EndedAt = now;
            session.EndReason = reason;
        }

        await SessionIdsEndedAsync(ended.Select(s => s.SessionId).Distinct().ToList(), cancellationToken);
    }

    /// <summary>The applications used in these sessions hear that they ended (with <c>sid</c>). Tracked changes only.</summary>
    public async Task SessionIdsEndedAsync(IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Rows this change already ended in memory (e.g. UserEndedAsync before a stamp change) are not told twice.
        var clients = (await db.ClientSessions.Where(c => sessionIds.Contains(c.SessionId) && c.EndedAt == null).ToListAsync(cancellationToken))
            .Where(c => c.EndedAt is null)
            .ToList();
        var uris = await LogoutUrisAsync(clients.Select(c => c.ClientId).Distinct().ToList(), cancellationToken);
        foreach (var client in clients)
        {
            client.EndedAt = now;
            if (uris.TryGetValue(client.ClientId, out var uri))
            {
                Enqueue(client.ClientId, uri, client.UserId, client.SessionId, BackChannelLogoutReason.SessionEnded, now);
            }
        }
    }

    internal void Enqueue(string clientId, string logoutUri, string subject, string? sessionId, BackChannelLogoutReason reason, DateTime now)
    {
        db.BackChannelLogoutDeliveries.Add(new BackChannelLogoutDelivery
        {
            ClientId = clientId,
            LogoutUri = logoutUri,
            Subject = subject,
            SessionId = sessionId,
            Reason = reason,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        signal.NotifyAfterSave(db, Outbox.BackChannelLogout);
    }

    private async Task<Dictionary<string, string>> LogoutUrisAsync(List<string> clientIds, CancellationToken cancellationToken) =>
        clientIds.Count == 0
            ? []
            : await db.Fachanwendungen
                .Where(f => clientIds.Contains(f.ClientId) && f.BackChannelLogoutUri != null)
                .ToDictionaryAsync(f => f.ClientId, f => f.BackChannelLogoutUri!, cancellationToken);
}
