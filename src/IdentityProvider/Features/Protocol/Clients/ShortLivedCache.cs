using System.Collections.Concurrent;

namespace MeineIhk.IdentityProvider.Features.Protocol.Clients;

/// <summary>
/// Values that rarely change, read on every token request: kept for a short time per node. A change on this
/// node can remove its entry at once (<see cref="Remove"/>); other nodes see it after the lifetime.
/// </summary>
public sealed class ShortLivedCache<TValue>(TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, (TValue Value, long ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public async ValueTask<TValue> GetOrAddAsync(string key, Func<string, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(key, out var entry) && Environment.TickCount64 <= entry.ExpiresAt)
        {
            return entry.Value;
        }

        // A value read while Clear() ran may be stale: it is returned but not kept.
        var generation = Interlocked.Read(ref _generation);
        var value = await load(key, cancellationToken);
        if (lifetime > TimeSpan.Zero && generation == Interlocked.Read(ref _generation))
        {
            _entries[key] = (value, Environment.TickCount64 + (long)lifetime.TotalMilliseconds);
        }

        return value;
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
