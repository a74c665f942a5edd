using System.Runtime.CompilerServices;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>
/// Application and role administration reaches the trail from the one place every such change already passes: its
/// audit entry. Entries added by a save are recorded once that save has succeeded (a failed save records nothing),
/// so no feature needs a second call. Not a transaction of its own: it only reads what was saved.
/// </summary>
public sealed class AdministrationEvents(ISecurityEventTrail trail) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<AuditEntry>> pending = [];

    public static SecurityEventKind? KindOf(string action) => action switch
    {
        _ when action.StartsWith("application.", StringComparison.Ordinal) => SecurityEventKind.ApplicationChanged,
        _ when action.StartsWith("role.", StringComparison.Ordinal)
            || action.StartsWith("role-request.approved", StringComparison.Ordinal)
            || action.StartsWith("administrator.", StringComparison.Ordinal)
            || action.StartsWith("developer.", StringComparison.Ordinal)
            || action.StartsWith("chamber-staff.", StringComparison.Ordinal) => SecurityEventKind.RoleChanged,
        _ => null,
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && KindOf(e.Entity.Action) is not null)
            .Select(e => e.Entity)
            .ToList();
        if (added.Count > 0)
        {
            pending.AddOrUpdate(context, added);
        }
    }

    private void Record(DbContext? context)
    {
        if (context is null || !pending.TryGetValue(context, out var entries))
        {
            return;
        }

        pending.Remove(context);
        foreach (var entry in entries)
        {
            var detail = entry.Details is null ? entry.Action : $"{entry.Action}: {entry.Details}";
            trail.Record(new SecurityEvent(KindOf(entry.Action)!.Value, entry.ActorUserId,
                entry.ActorName == AuditEntry.DeletedPerson ? null : entry.ActorName, Detail: detail));
        }
    }
}
