using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.IdentityProvider.Features.Profile.Delete;

/// <summary>
/// GDPR Art. 17 on account deletion: what the account row does not take with it. Audit entries keep what happened but
/// name the person only as <see cref="AuditEntry.DeletedPerson"/>; the trail keeps the events without the name; client
/// sessions and OpenIddict token and authorization rows of the person go. Runs inside the deletion's transaction.
/// </summary>
public static class PersonErasure
{
    public static async Task EraseAsync(ApplicationDbContext db, string userId, CancellationToken cancellationToken)
    {
        await db.AuditEntries.Where(a => a.ActorUserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ActorName, AuditEntry.DeletedPerson), cancellationToken);
        await db.AuditEntries.Where(a => a.SubjectUserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SubjectName, AuditEntry.DeletedPerson), cancellationToken);
        await ForgetNamesInTrailAsync(db, userId, cancellationToken);

        await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId).ExecuteDeleteAsync(cancellationToken);
        await db.ClientSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Also run by the trail's writer after it saved the deletion's own event (events queued before it included).</summary>
    public static Task<int> ForgetNamesInTrailAsync(ApplicationDbContext db, string userId, CancellationToken cancellationToken) =>
        db.SecurityEvents.Where(e => e.UserId == userId && e.UserName != null)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.UserName, (string?)null), cancellationToken);
}
