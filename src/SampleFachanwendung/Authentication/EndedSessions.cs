using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;

namespace MeineIhk.SampleFachanwendung.Authentication;

/// <summary>
/// The sessions meine ihk ended by back-channel logout, kept on the server because the cookie itself cannot be
/// reached: by <c>sid</c> (one login session ended) or by <c>sub</c> (every session of the person that began
/// before the notice: account locked or deleted, last role lost). Entries expire after the cookie lifetime.
/// </summary>
/// <remarks>
/// Kept in <see cref="IDistributedCache"/>: in this process by default (one instance), shared by every instance
/// when the application registers a shared cache (Redis, SQL Server) before the sample's own registration, since
/// the notice reaches one instance and the person's next request may reach another.
/// </remarks>
public sealed class EndedSessions(IDistributedCache cache, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(9); // longer than the cookie lives (8 h)

    private const string Prefix = "ended-session:";

    public async Task EndAsync(string? subject, string? sessionId, CancellationToken cancellationToken = default)
    {
        var key = sessionId is not null ? Prefix + "sid:" + sessionId : subject is not null ? Prefix + "sub:" + subject : null;
        if (key is not null)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            await cache.SetStringAsync(key, now, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Retention }, cancellationToken);
        }
    }

    /// <summary>True when the session (its sid, or its person before <paramref name="issued"/>) was ended at meine ihk.</summary>
    public async Task<bool> HasEndedAsync(string? subject, string? sessionId, DateTimeOffset? issued, CancellationToken cancellationToken = default)
    {
        if (sessionId is not null && await cache.GetStringAsync(Prefix + "sid:" + sessionId, cancellationToken) is not null)
        {
            return true;
        }

        return subject is not null
            && await cache.GetStringAsync(Prefix + "sub:" + subject, cancellationToken) is { } endedAt
            && (issued is null || issued <= DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(endedAt, CultureInfo.InvariantCulture)));
    }
}
