using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;

/// <summary>
/// The section <c>SigningKeys</c>: how often the public signing key (Tokens:SigningAlgorithm) is replaced, how long
/// the next key is published before it signs, and how often a node reads the key ring again.
/// </summary>
public sealed class SigningKeyOptions : IValidatableObject
{
    public const string Section = "SigningKeys";

    /// <summary>BSI TR-02102-1 (2025): RSA keys of at least 3000 bits; P-256 for ECDSA.</summary>
    public const int RsaKeySize = 3072;

    /// <summary>How long one key signs before the next takes over.</summary>
    [Display(Name = "SigningKeys:RotationInterval")]
    [Range(typeof(TimeSpan), "01:00:00", "730.00:00:00")]
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long the next key is in the JWKS before it signs: longer than any relying party caches the JWKS
    /// (Microsoft.IdentityModel refreshes every 12 h by default).
    /// </summary>
    [Display(Name = "SigningKeys:AnnouncePeriod")]
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan AnnouncePeriod { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often a node reads the key ring again (and creates the next key when due).</summary>
    [Display(Name = "SigningKeys:RefreshInterval")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnnouncePeriod >= RotationInterval)
        {
            yield return new ValidationResult("SigningKeys:AnnouncePeriod must be shorter than SigningKeys:RotationInterval.", [nameof(AnnouncePeriod)]);
        }
    }
}
