namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// Wrong activation passwords of one user or one client address, with a back-off that grows with each failure
/// beyond the free ones and ends by itself: nobody can lock a letter for good, nor try passwords quickly.
/// </summary>
public class ActivationAttempts
{
    /// <summary>"user:{id}" or "address:{client address, IPv6 grouped by /64}".</summary>
    public required string Key { get; set; }

    public int Failures { get; set; }

    public DateTime LastFailureAt { get; set; }

    public DateTime? BlockedUntil { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public bool IsBlocked(DateTime now) => BlockedUntil > now;

    /// <summary>
    /// Counts a failure. From the <paramref name="freeFailures"/>-th on, the next try waits
    /// <paramref name="firstDelay"/> · 2^(failures − free), at most <paramref name="longestDelay"/>. A quiet
    /// <paramref name="forgetAfter"/> since the last failure starts the count afresh.
    /// </summary>
    public void RegisterFailure(DateTime now, int freeFailures, TimeSpan firstDelay, TimeSpan longestDelay, TimeSpan forgetAfter)
    {
        if (now - LastFailureAt > forgetAfter)
        {
            Failures = 0;
        }

        Failures++;
        LastFailureAt = now;
        if (Failures >= freeFailures)
        {
            var factor = Math.Pow(2, Math.Min(Failures - freeFailures, 30));
            BlockedUntil = now + TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * factor, longestDelay.Ticks));
        }

        ConcurrencyStamp = Guid.NewGuid();
    }

    public void Forget()
    {
        Failures = 0;
        BlockedUntil = null;
        ConcurrencyStamp = Guid.NewGuid();
    }
}
