using System.Collections.Concurrent;

namespace MeineIhk.SampleFachanwendung.Authentication;

/// <summary>
/// The sessions meine ihk ended by back-channel logout, kept on the server because the cookie itself cannot be
/// reached: by <c>sid</c> (one login session ended) or by <c>sub</c> (every session of the person that began
/// before the notice: account locked or deleted, last role lost). Entries expire after the cookie lifetime.
/// </summary>
/// <remarks>In memory, so one instance of the app; several instances would share this through a distributed cache.</remarks>
public sealed class EndedSessions(TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(9); // longer than the cookie lives (8 h)

    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public void End(string? subject, string? sessionId)
    {
        var now = clock.GetUtcNow();
        Forget(now);
        if (sessionId is not null)
        {
            _ended["sid:" + sessionId] = now;
        }
        else if (subject is not null)
        {
            _ended["sub:" + subject] = now;
        }
    }

    /// <summary>True when the session (its sid, or its person before <paramref name="issued"/>) was ended at meine ihk.</summary>
    public bool HasEnded(string? subject, string? sessionId, DateTimeOffset? issued) =>
        (sessionId is not null && _ended.ContainsKey("sid:" + sessionId))
        || (subject is not null && _ended.TryGetValue("sub:" + subject, out var endedAt) && (issued is null || issued <= endedAt));

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, at) in _ended)
        {
            if (now - at > Retention)
            {
                _ended.TryRemove(key, out _);
            }
        }
    }
}
