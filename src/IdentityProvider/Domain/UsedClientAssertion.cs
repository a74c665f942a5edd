namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A client assertion (private_key_jwt, RFC 7523) that has been accepted once. Its jti is kept until the assertion
/// expires, so that a replay is refused on every node sharing the database (OIDC Core §9: the jti must not be reused).
/// </summary>
public class UsedClientAssertion
{
    public required string ClientId { get; init; }

    public required string JwtId { get; init; }

    public DateTime ExpiresAt { get; init; }
}
