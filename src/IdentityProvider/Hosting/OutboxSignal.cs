using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>The outboxes whose senders can be woken early.</summary>
public enum Outbox
{
    Mail,
    BackChannelLogout,
}

/// <summary>
/// Wakes an outbox's sender as soon as rows were stored for it, instead of at its next poll. One channel per
/// outbox, so a mail does not wake the logout sender and the other way round. A missed signal costs at most one
/// poll interval: the rows are in the database either way.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim[] _channels = [.. Enum.GetValues<Outbox>().Select(_ => new SemaphoreSlim(0, 1))];

    public void Notify(Outbox outbox)
    {
        var channel = _channels[(int)outbox];
        try
        {
            if (channel.CurrentCount == 0)
            {
                channel.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>
    /// Notifies once <paramref name="db"/>'s next SaveChanges succeeded; if it fails, the sender finds nothing new.
    /// The handler removes itself, so a context that saves again (or is pooled) does not collect handlers.
    /// </summary>
    public void NotifyAfterSave(DbContext db, Outbox outbox)
    {
        EventHandler<SavedChangesEventArgs>? handler = null;
        handler = (_, _) =>
        {
            db.SavedChanges -= handler;
            Notify(outbox);
        };
        db.SavedChanges += handler;
    }

    public Task<bool> WaitAsync(Outbox outbox, TimeSpan timeout, CancellationToken cancellationToken) =>
        _channels[(int)outbox].WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
