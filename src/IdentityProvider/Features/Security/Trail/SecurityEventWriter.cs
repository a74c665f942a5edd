using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Security.Trail;

/// <summary>
/// Saves queued security events in batches, in its own scope and transaction (never the caller's). On shutdown the
/// queue is closed and what is left is saved before the host stops. A batch that cannot be saved (database down) is
/// logged and dropped: the events are already in the log.
/// </summary>
public sealed class SecurityEventWriter(
    SecurityEventQueue queue,
    IServiceScopeFactory scopes,
    IOptions<SecurityEventOptions> options,
    ILogger<SecurityEventWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var batch = new List<SecurityEventEntry>(options.Value.BatchSize);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
        await DrainAsync(new List<SecurityEventEntry>(options.Value.BatchSize), cancellationToken);
    }

    private async Task DrainAsync(List<SecurityEventEntry> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < options.Value.BatchSize && queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                db.SecurityEvents.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
                foreach (var deleted in batch.Where(e => e.EventId == (int)SecurityEventKind.AccountDeleted && e.UserId is not null))
                {
                    await Profile.Delete.PersonErasure.ForgetNamesInTrailAsync(db, deleted.UserId!, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "{Count} security events could not be saved to the trail table; they are in the log", batch.Count);
            }
        }
    }
}
