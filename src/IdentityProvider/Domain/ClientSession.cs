namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// That a login session of the provider (its session id, the <c>sid</c> claim) signed a user in to a client.
/// Back-channel logout reads these rows to know which applications to tell when the session or the user's
/// access ends.
/// </summary>
public class ClientSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string SessionId { get; set; }

    public required string UserId { get; set; }

    public required string ClientId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? EndedAt { get; set; }
}
