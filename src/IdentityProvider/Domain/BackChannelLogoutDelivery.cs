namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A back-channel logout notice waiting for delivery (an outbox, like mails): written in the same transaction
/// as the change that ends the session, posted by a background worker, retried with back-off while the
/// application is unreachable. The logout token is signed at sending time (its iat must be fresh).
/// </summary>
public class BackChannelLogoutDelivery
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string ClientId { get; set; }

    public required string LogoutUri { get; set; }

    public required string Subject { get; set; }

    /// <summary>The provider session that ended; null when every session of the user at the client ends (lock, deletion, lost role).</summary>
    public string? SessionId { get; set; }

    public required BackChannelLogoutReason Reason { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Set when the worker gave up after its last attempt.</summary>
    public DateTime? AbandonedAt { get; set; }

    /// <summary>Status code or exception type of the last failed attempt (never the token).</summary>
    public string? LastError { get; set; }
}

public enum BackChannelLogoutReason
{
    Logout,
    AccountLocked,
    AccountDeleted,
    LastRoleLost,
    ApplicationDisabled,

    /// <summary>A server-side session ended otherwise than by its own logout: idle, absolute lifetime, security-stamp change, ended from "Angemeldete Geräte".</summary>
    SessionEnded,
    EndedBySupport,
}
