namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// One stored security event (ASVS 5.0 V16): who, what, from where, when. Written outside the transaction of the
/// request that caused it; never holds a secret. No foreign keys: the trail outlives the accounts it names (their
/// names are removed when an account is deleted).
/// </summary>
public class SecurityEventEntry
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The kind's stable number (the log's event id).</summary>
    public int EventId { get; set; }

    /// <summary>The kind's name, e.g. "LoginFailed"; pages translate it as "SecurityEvent.{Kind}".</summary>
    public required string Kind { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public string? ClientId { get; set; }

    public string? Detail { get; set; }

    public string? RemoteAddress { get; set; }

    public string? SessionId { get; set; }
}
