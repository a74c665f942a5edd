namespace MeineIhk.Tests.Infrastructure;

/// <summary>The provider's protocol clock, which a test can move forward (e.g. to let a code expire).</summary>
public sealed class AdjustableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>Moves forward to just after the start of the next minute: a burst of requests falls into one throttling window.</summary>
    public void StartNewMinute()
    {
        var now = GetUtcNow();
        Offset += TimeSpan.FromSeconds(60 - (now.ToUnixTimeSeconds() % 60)) - TimeSpan.FromMilliseconds(now.Millisecond) + TimeSpan.FromMilliseconds(100);
    }
}
