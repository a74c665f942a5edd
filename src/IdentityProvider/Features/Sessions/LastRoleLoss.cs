using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Sees every change that takes roles away — a role withdrawn, a membership ended (removed, left), an organisation
/// deleted or no longer active, a role removed from a catalogue — wherever it is made, and for each user who holds
/// no role at a client afterwards: queues a back-channel logout notice (when the client takes them and the user has
/// a session or an authorization there), ends the user's client sessions and revokes the user's authorizations and
/// tokens for that client, so a refresh fails at once. An application switched off by a platform administrator
/// likewise hears that every open session with it ends.
/// </summary>
/// <remarks>
/// Every consequence is a tracked change added to the caller's context before EF writes it, so the caller's one
/// SaveChanges commits the change and its consequences in one transaction — EF's own, or the caller's — and a
/// failure rolls all of it back. It opens no transaction, saves nothing itself and keeps no state between saves.
/// It runs before the save, so it computes the state after the save itself: the rows in the database, minus those
/// the change deletes, plus the roles it grants. Bulk <c>ExecuteDelete</c> on roles or memberships would bypass it;
/// the code has none (see docs/architecture.md).
/// </remarks>
public sealed class LastRoleLoss(TimeProvider clock, OutboxSignal signal) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApplicationDbContext db)
        {
            await HandleAsync(db, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Synchronous saves may not take roles away: ending access needs queries, and blocking on them is not done here.
    /// Every page and API saves asynchronously; only the signing-key store saves synchronously, and it removes no role.
    /// </summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ApplicationDbContext db && !Removal.From(db).IsEmpty)
        {
            throw new InvalidOperationException("A change that takes roles away must be saved with SaveChangesAsync.");
        }

        return result;
    }

    private async Task HandleAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        // The cheap part first: most saves (every token request) take no role away.
        var removal = Removal.From(db);
        if (removal.IsEmpty)
        {
            return;
        }

        if (removal.DisabledApplications.Count > 0)
        {
            await ApplicationsDisabledAsync(db, removal.DisabledApplications, cancellationToken);
        }

        if (removal.Roles.Count == 0 && removal.Memberships.Count == 0 && removal.Organisations.Count == 0 && removal.CatalogueRoles.Count == 0)
        {
            return;
        }

        var membershipIds = removal.Memberships.Concat(removal.Roles.Select(r => r.MembershipId)).Distinct().ToList();
        var organisationIds = removal.Organisations.ToList();
        var catalogueRoleIds = removal.CatalogueRoles.ToList();
        var affected = await HoldingsAsync(db.MemberRoles.Where(r =>
            membershipIds.Contains(r.MembershipId)
            || organisationIds.Contains(r.Membership.OrganisationId)
            || catalogueRoleIds.Contains(r.FachanwendungRoleId)), cancellationToken);
        var lost = affected.Where(removal.Removes).Select(h => (h.UserId, h.ClientId)).ToHashSet();
        if (lost.Count == 0)
        {
            return;
        }

        // What the users keep at those clients after the save: every other holding, plus what this change grants.
        var userIds = lost.Select(p => p.UserId).Distinct().ToList();
        var clientIds = lost.Select(p => p.ClientId).Distinct().ToList();
        var all = await HoldingsAsync(db.MemberRoles.Where(r =>
            userIds.Contains(r.Membership.UserId) && clientIds.Contains(r.Role.Fachanwendung.ClientId)), cancellationToken);
        foreach (var holding in all.Where(h => !removal.Removes(h)))
        {
            lost.Remove((holding.UserId, holding.ClientId));
        }

        foreach (var granted in await GrantedAsync(db, cancellationToken))
        {
            lost.Remove(granted);
        }

        if (lost.Count == 0)
        {
            return;
        }

        await EndAccessAsync(db, lost, cancellationToken);
    }

    private async Task EndAccessAsync(ApplicationDbContext db, HashSet<(string UserId, string ClientId)> lost, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userIds = lost.Select(p => p.UserId).Distinct().ToList();
        var clientIds = lost.Select(p => p.ClientId).Distinct().ToList();
        var uris = await db.Fachanwendungen
            .Where(f => clientIds.Contains(f.ClientId) && f.BackChannelLogoutUri != null)
            .ToDictionaryAsync(f => f.ClientId, f => f.BackChannelLogoutUri!, cancellationToken);
        var sessions = (await db.ClientSessions
                .Where(s => userIds.Contains(s.UserId) && clientIds.Contains(s.ClientId) && s.EndedAt == null)
                .ToListAsync(cancellationToken))
            .Where(s => lost.Contains((s.UserId, s.ClientId)))
            .ToList();
        var authorized = (await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
                .Where(a => userIds.Contains(a.Subject!) && a.Status == Statuses.Valid && clientIds.Contains(a.Application!.ClientId!))
                .Select(a => new { UserId = a.Subject!, ClientId = a.Application!.ClientId! })
                .Distinct()
                .ToListAsync(cancellationToken))
            .Select(a => (a.UserId, a.ClientId))
            .ToHashSet();
        var alreadyQueued = db.ChangeTracker.Entries<BackChannelLogoutDelivery>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => (e.Entity.Subject, e.Entity.ClientId))
            .ToHashSet();

        var queued = false;
        foreach (var (userId, clientId) in lost)
        {
            var signedIn = sessions.Any(s => s.UserId == userId && s.ClientId == clientId) || authorized.Contains((userId, clientId));
            if (signedIn && uris.TryGetValue(clientId, out var uri) && !alreadyQueued.Contains((userId, clientId)))
            {
                db.BackChannelLogoutDeliveries.Add(new BackChannelLogoutDelivery
                {
                    ClientId = clientId,
                    LogoutUri = uri,
                    Subject = userId,
                    Reason = BackChannelLogoutReason.LastRoleLost,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                queued = true;
            }
        }

        foreach (var user in lost.GroupBy(p => p.UserId, p => p.ClientId))
        {
            await Revocation.RevokeAsync(db, user.Key, [.. user], cancellationToken);
        }

        foreach (var session in sessions)
        {
            session.EndedAt = now;
        }

        if (queued)
        {
            signal.NotifyAfterSave(db, Outbox.BackChannelLogout);
        }
    }

    /// <summary>A disabled application hears that every open session with it ends (one notice per user, without sid).</summary>
    private async Task ApplicationsDisabledAsync(ApplicationDbContext db, HashSet<string> clientIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = clientIds.ToList();
        var uris = await db.Fachanwendungen
            .Where(f => ids.Contains(f.ClientId) && f.BackChannelLogoutUri != null)
            .ToDictionaryAsync(f => f.ClientId, f => f.BackChannelLogoutUri!, cancellationToken);
        var sessions = await db.ClientSessions.Where(s => ids.Contains(s.ClientId) && s.EndedAt == null).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.EndedAt = now;
        }

        foreach (var (clientId, userId) in sessions.Select(s => (s.ClientId, s.UserId)).Distinct())
        {
            if (uris.TryGetValue(clientId, out var uri))
            {
                db.BackChannelLogoutDeliveries.Add(new BackChannelLogoutDelivery
                {
                    ClientId = clientId,
                    LogoutUri = uri,
                    Subject = userId,
                    Reason = BackChannelLogoutReason.ApplicationDisabled,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }

        if (uris.Count > 0 && sessions.Count > 0)
        {
            signal.NotifyAfterSave(db, Outbox.BackChannelLogout);
        }
    }

    private static Task<List<Holding>> HoldingsAsync(IQueryable<MemberRole> roles, CancellationToken cancellationToken) =>
        roles
            .Where(r => r.Membership.Organisation.Status == OrganisationStatus.Active)
            .Select(r => new Holding(r.MembershipId, r.FachanwendungRoleId, r.Membership.OrganisationId, r.Membership.UserId, r.Role.Fachanwendung.ClientId))
            .ToListAsync(cancellationToken);

    /// <summary>(user, client) of every role this change grants, in an organisation that stays active.</summary>
    private static async Task<List<(string UserId, string ClientId)>> GrantedAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<MemberRole>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return [];
        }

        var membershipIds = added.Select(r => r.MembershipId).Distinct().ToList();
        var roleIds = added.Select(r => r.FachanwendungRoleId).Distinct().ToList();
        var users = db.ChangeTracker.Entries<Membership>()
            .Where(e => membershipIds.Contains(e.Entity.Id) && e.State != EntityState.Deleted && e.Entity.Organisation?.Status is null or OrganisationStatus.Active)
            .ToDictionary(e => e.Entity.Id, e => e.Entity.UserId);
        var clients = await db.FachanwendungRoles.Where(r => roleIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Fachanwendung.ClientId })
            .ToDictionaryAsync(r => r.Id, r => r.ClientId, cancellationToken);
        return added
            .Where(r => users.ContainsKey(r.MembershipId) && clients.ContainsKey(r.FachanwendungRoleId))
            .Select(r => (users[r.MembershipId], clients[r.FachanwendungRoleId]))
            .ToList();
    }

    private sealed record Holding(Guid MembershipId, Guid RoleId, Guid OrganisationId, string UserId, string ClientId);

    /// <summary>What the pending change deletes or ends, read from the change tracker.</summary>
    private sealed class Removal
    {
        public HashSet<(Guid MembershipId, Guid RoleId)> Roles { get; } = [];

        public HashSet<Guid> Memberships { get; } = [];

        public HashSet<Guid> Organisations { get; } = [];

        public HashSet<Guid> CatalogueRoles { get; } = [];

        /// <summary>Client ids of applications a platform administrator switches off in this change.</summary>
        public HashSet<string> DisabledApplications { get; } = new(StringComparer.Ordinal);

        public bool IsEmpty => Roles.Count == 0 && Memberships.Count == 0 && Organisations.Count == 0 && CatalogueRoles.Count == 0
            && DisabledApplications.Count == 0;

        public bool Removes(Holding holding) =>
            Roles.Contains((holding.MembershipId, holding.RoleId))
            || Memberships.Contains(holding.MembershipId)
            || Organisations.Contains(holding.OrganisationId)
            || CatalogueRoles.Contains(holding.RoleId);

        public static Removal From(ApplicationDbContext db)
        {
            var removal = new Removal();
            foreach (var entry in db.ChangeTracker.Entries()) // detects changes, so removals from collections show as deletions
            {
                switch (entry.Entity)
                {
                    case MemberRole role when entry.State == EntityState.Deleted:
                        removal.Roles.Add((role.MembershipId, role.FachanwendungRoleId));
                        break;
                    case Membership membership when entry.State == EntityState.Deleted:
                        removal.Memberships.Add(membership.Id);
                        break;
                    case Organisation organisation when entry.State == EntityState.Deleted
                        || (entry.State == EntityState.Modified
                            && entry.Property(nameof(Organisation.Status)).OriginalValue is OrganisationStatus.Active
                            && organisation.Status != OrganisationStatus.Active):
                        removal.Organisations.Add(organisation.Id);
                        break;
                    case FachanwendungRole role when entry.State == EntityState.Deleted:
                        removal.CatalogueRoles.Add(role.Id);
                        break;
                    case Fachanwendung application when entry.State == EntityState.Modified
                        && entry.Property(nameof(Fachanwendung.IsEnabled)).OriginalValue is true && !application.IsEnabled:
                        removal.DisabledApplications.Add(application.ClientId);
                        break;
                }
            }

            return removal;
        }
    }
}
