using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Security.Retention;

/// <summary>
/// Deletes what is older than its retention period: one DELETE statement per table, so several nodes running the
/// sweep at once delete each row once and never conflict (a second statement finds nothing left). Back-channel logout
/// notices and sessions are not here: <see cref="Sessions.BackChannelLogoutSender.PruneAsync"/> deletes them after
/// <c>BackChannelLogout:Retention</c>.
/// </summary>
public sealed class RetentionSweep(ApplicationDbContext db, IOptions<RetentionOptions> options, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var audit = now.AddDays(-o.AuditEntryDays);
        var events = now.AddDays(-o.SecurityEventDays);
        var mails = now.AddDays(-o.OutboxMailDays);

        var deleted = await db.AuditEntries.Where(a => a.OccurredAt < audit).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.SecurityEvents.Where(e => e.OccurredAt < events).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.OutboxMails
            .Where(m => (m.SentAt != null && m.SentAt < mails) || (m.GaveUpAt != null && m.GaveUpAt < mails))
            .ExecuteDeleteAsync(cancellationToken);
        return deleted;
    }
}
