namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A browser a user has signed in from: the SHA-256 hash of the long-lived random device cookie (never the cookie
/// itself). A sign-in from a browser without a known hash is a new device and may send a notice.
/// </summary>
public class KnownDevice
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    /// <summary>Base64url SHA-256 of the device cookie's value.</summary>
    public required string DeviceHash { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastSeenAt { get; set; }
}
