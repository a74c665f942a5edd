using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>
/// The section <c>Tokens</c>: lifetimes, the signing algorithm and the housekeeping intervals of the protocol.
/// The defaults here are the only ones; appsettings.json repeats them for the operator's eyes.
/// The display names are the configuration keys, so that a wrong value stops the start with the key in the message.
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    public const string Rs256 = "RS256";
    public const string Es256 = "ES256";

    /// <summary>Short: roles are re-read on refresh, so a removed role stops working within this time.</summary>
    [Display(Name = "Tokens:AccessTokenLifetime")]
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Display(Name = "Tokens:IdentityTokenLifetime")]
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Codes live at most a few minutes.</summary>
    [Display(Name = "Tokens:AuthorizationCodeLifetime")]
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Absolute: rotation keeps the first expiry.</summary>
    [Display(Name = "Tokens:RefreshTokenLifetime")]
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The asymmetric algorithm of access and ID tokens (BSI TR-02102-1: RSA or P-256).</summary>
    [Display(Name = "Tokens:SigningAlgorithm")]
    [Required]
    [AllowedValues(Rs256, Es256, ErrorMessage = "{0} must be RS256 or ES256.")]
    public string SigningAlgorithm { get; set; } = Rs256;

    /// <summary>How often expired and redeemed token rows are deleted.</summary>
    [Display(Name = "Tokens:PruneInterval")]
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a node keeps a client without reading it again; zero turns the cache off.</summary>
    [Display(Name = "Tokens:ApplicationCacheLifetime")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ApplicationCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
