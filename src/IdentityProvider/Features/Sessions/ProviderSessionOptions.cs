using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>How long a login session at the provider lasts (ASVS 5.0 V7.3.1, V7.3.2).</summary>
public sealed class ProviderSessionOptions : IValidatableObject
{
    public const string Section = "Sessions";

    /// <summary>A session without a request for this long ends.</summary>
    [Display(Name = "Sessions:IdleTimeout")]
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A session ends this long after the login, however active it is.</summary>
    [Display(Name = "Sessions:AbsoluteLifetime")]
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>"Last active" is written at most this often: one read per request, rarely a write.</summary>
    public static readonly TimeSpan ActivityWriteInterval = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout > AbsoluteLifetime)
        {
            yield return new ValidationResult("Sessions:IdleTimeout must not be longer than Sessions:AbsoluteLifetime.", [nameof(IdleTimeout)]);
        }
    }
}
