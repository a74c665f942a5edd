using System.Runtime.CompilerServices;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Any change of a user's security stamp — password change or reset, lock, e-mail change, a second factor added or
/// reset, support's "end sessions" — ends every server-side session of that user in the same SaveChanges, and the
/// applications used in them hear of it (back-channel logout with <c>sid</c>). The one exception is the session of the
/// request that makes the change, when it is that very user's: Identity's "change, then RefreshSignInAsync" keeps the
/// person who changed their password signed in; pages that end that session too (lock, deletion) sign out.
/// </summary>
/// <remarks>Like <see cref="LastRoleLoss"/>: tracked changes added before EF writes, no transaction of its own.</remarks>
public sealed class SecurityStampSessionEnd(TimeProvider clock, OutboxSignal signal, IHttpContextAccessor http, ISecurityEventTrail trail)
    : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<AuthenticationSession>> _pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApplicationDbContext db && StampChanged(db) is { Count: > 0 } userIds)
        {
            var current = DatabaseTicketStore.CurrentHandle(http.HttpContext);
            var sessions = await db.AuthenticationSessions
                .Where(s => userIds.Contains(s.UserId) && s.EndedAt == null && s.Id != current)
                .ToListAsync(cancellationToken);
            await new BackChannelLogout(db, clock, signal).AuthenticationSessionsEndedAsync(sessions, "security-stamp", cancellationToken);
            _pending.AddOrUpdate(db, sessions);
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var sessions))
        {
            _pending.Remove(db);
            foreach (var session in sessions)
            {
                trail.Record(new SecurityEvent(SecurityEventKind.SessionEnded, UserId: session.UserId, Detail: "security-stamp",
                    RemoteAddress: session.ClientAddress, SessionId: session.SessionId));
            }
        }

        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _pending.Remove(eventData.Context!);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _pending.Remove(eventData.Context!);
        return Task.CompletedTask;
    }

    /// <summary>Ending sessions needs queries; every save that changes a stamp (UserManager's) is asynchronous.</summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ApplicationDbContext db && StampChanged(db).Count > 0)
        {
            throw new InvalidOperationException("A change of a security stamp must be saved with SaveChangesAsync.");
        }

        return result;
    }

    private static List<string> StampChanged(ApplicationDbContext db) =>
        db.ChangeTracker.Entries<ApplicationUser>()
            .Where(e => e.State == EntityState.Modified
                && !string.Equals(e.Property(u => u.SecurityStamp).OriginalValue, e.Entity.SecurityStamp, StringComparison.Ordinal))
            .Select(e => e.Entity.Id)
            .ToList();
}
