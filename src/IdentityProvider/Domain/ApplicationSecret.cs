namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// One client secret of a Fachanwendung: only its hash is stored (see Features/Protocol/ClientAuthentication/ClientSecrets),
/// with a short hint (the first characters) so that people can tell secrets apart. Valid until revoked or, after a
/// rotation, until the end of the overlap.
/// </summary>
public class ApplicationSecret
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid FachanwendungId { get; set; }

    public Fachanwendung Fachanwendung { get; set; } = null!;

    public required string Hash { get; set; }

    /// <summary>The first characters of the secret (e.g. "ihkcs_AbCd…"), never enough to use it.</summary>
    public required string Hint { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>User id, or "client:ID" for the management API, or null for an operator command.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Set by a rotation: the end of the overlap.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsValidAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
