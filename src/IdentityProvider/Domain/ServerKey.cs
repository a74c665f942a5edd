namespace MeineIhk.IdentityProvider.Domain;

public enum ServerKeyPurpose
{
    Signing = 0,
    Encryption = 1,
}

/// <summary>
/// A token signing or encryption key, stored in the database so that every node using it issues and
/// accepts the same tokens across restarts. The private key is protected with ASP.NET Core Data Protection.
/// Public signing keys (RS256, ES256) rotate: each is published from <see cref="CreatedAt"/>, signs from
/// <see cref="ActiveFrom"/> until the next key's <see cref="ActiveFrom"/>, and stays published until the tokens it
/// signed have expired, unless it is withdrawn (key compromise).
/// </summary>
public class ServerKey
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public ServerKeyPurpose Purpose { get; set; }

    public required string Algorithm { get; set; }

    public required string ProtectedKey { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the key starts to sign; null for keys from before rotation (they signed from <see cref="CreatedAt"/>).</summary>
    public DateTime? ActiveFrom { get; set; }

    /// <summary>The key this one replaces (Guid.Empty for the first). Unique: only one node's successor wins the claim.</summary>
    public Guid? Succeeds { get; set; }

    /// <summary>Set when an operator withdrew the key: it leaves the JWKS and signs nothing more.</summary>
    public DateTime? WithdrawnAt { get; set; }

    public DateTime SignsFrom => ActiveFrom ?? CreatedAt;
}
