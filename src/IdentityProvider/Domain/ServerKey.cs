namespace MeineIhk.IdentityProvider.Domain;

public enum ServerKeyPurpose
{
    Signing = 0,
    Encryption = 1,
}

/// <summary>
/// A token signing or encryption key, stored in the database so that every node using it issues and
/// accepts the same tokens across restarts. The private key is protected with ASP.NET Core Data Protection.
/// </summary>
public class ServerKey
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public ServerKeyPurpose Purpose { get; set; }

    public required string Algorithm { get; set; }

    public required string ProtectedKey { get; set; }

    public DateTime CreatedAt { get; set; }
}
