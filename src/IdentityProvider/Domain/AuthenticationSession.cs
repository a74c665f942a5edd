namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A login session at the provider, kept on the server: the browser's cookie carries only <see cref="Id"/> (protected
/// by Data Protection), the ticket lies here. Ending the row ends every copy of the cookie at once.
/// </summary>
public class AuthenticationSession
{
    /// <summary>The random handle in the cookie. Not the <c>sid</c>: a new login in the same browser keeps the handle and gets a new session id.</summary>
    public required string Id { get; set; }

    /// <summary>The session id (<c>sid</c> of ID tokens and back-channel logout tokens), made by <c>ProviderSession</c>.</summary>
    public required string SessionId { get; set; }

    public required string UserId { get; set; }

    /// <summary>The serialised authentication ticket, protected with Data Protection.</summary>
    public required byte[] Ticket { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Written at most once a minute, so a busy session costs one read per request and rarely a write.</summary>
    public DateTime LastActiveAt { get; set; }

    /// <summary>The absolute end: no activity extends a session beyond it.</summary>
    public DateTime ExpiresAt { get; set; }

    public string? UserAgent { get; set; }

    public string? ClientAddress { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>Why it ended: signed-out, idle, absolute, security-stamp, ended-by-user, new-login.</summary>
    public string? EndReason { get; set; }

    public bool IsActive(DateTime now, TimeSpan idleTimeout) => EndedAt is null && now < ExpiresAt && now - LastActiveAt < idleTimeout;
}
