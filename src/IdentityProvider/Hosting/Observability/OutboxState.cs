using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>How full an outbox is: undelivered items (not sent, not given up) and the age of the oldest.</summary>
public sealed record OutboxLevel(Outbox Outbox, long Pending, TimeSpan OldestAge);

/// <summary>
/// Reads the outboxes and the signing key age from the database, for readiness (at once) and for the gauges
/// (every <see cref="HealthOptions.GaugeInterval"/>, so that a scrape never waits for the database).
/// </summary>
public sealed class OutboxState(IServiceScopeFactory scopes, TimeProvider clock, IOptions<TokenOptions> tokens, IOptions<HealthOptions> health, ILogger<OutboxState> logger)
    : BackgroundService
{
    public IReadOnlyList<OutboxLevel> Current { get; private set; } = [];

    public TimeSpan? SigningKeyAge { get; private set; }

    public async Task<IReadOnlyList<OutboxLevel>> ReadAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var mails = db.OutboxMails.Where(m => m.SentAt == null && m.GaveUpAt == null);
        var notices = db.BackChannelLogoutDeliveries.Where(d => d.DeliveredAt == null && d.AbandonedAt == null);
        var oldestMail = await mails.OrderBy(m => m.CreatedAt).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var oldestNotice = await notices.OrderBy(d => d.CreatedAt).Select(d => (DateTime?)d.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return
        [
            new(Outbox.Mail, await mails.LongCountAsync(cancellationToken), Age(now, oldestMail)),
            new(Outbox.BackChannelLogout, await notices.LongCountAsync(cancellationToken), Age(now, oldestNotice)),
        ];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                Current = await ReadAsync(db, stoppingToken);
                var algorithm = tokens.Value.SigningAlgorithm;
                var newestKey = await db.ServerKeys.Where(k => k.Purpose == ServerKeyPurpose.Signing && k.Algorithm == algorithm)
                    .OrderByDescending(k => k.CreatedAt).Select(k => (DateTime?)k.CreatedAt).FirstOrDefaultAsync(stoppingToken);
                SigningKeyAge = newestKey is { } created ? clock.GetUtcNow().UtcDateTime - created : null;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away; readiness says so, the gauges keep their last values.
                logger.LogDebug(exception, "Reading the outbox gauges failed");
            }

            try
            {
                await Task.Delay(health.Value.GaugeInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan Age(DateTime now, DateTime? oldest) => oldest is { } created && now > created ? now - created : TimeSpan.Zero;
}
