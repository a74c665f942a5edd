namespace MeineIhk.Tests.Infrastructure;

/// <summary>The provider's protocol clock, which a test can move forward (e.g. to let a code expire).</summary>
public sealed class AdjustableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
