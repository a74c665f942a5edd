namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// One counter of a rate limit for one fixed window, shared by every node through the database (Hosting/SharedCounters):
/// the nodes together allow the limit, not one limit each. Rows are written only by one atomic upsert and deleted after
/// <see cref="ExpiresAt"/>.
/// </summary>
public class SharedCounter
{
    /// <summary>What is counted, e.g. "token-client:berichtsheft" or "form:203.0.113.7".</summary>
    public string Key { get; set; } = "";

    /// <summary>The number of the window: Unix seconds divided by the window's length.</summary>
    public long Window { get; set; }

    public int Count { get; set; }

    /// <summary>Unix seconds after which the row is no longer read and may be deleted.</summary>
    public long ExpiresAt { get; set; }
}
