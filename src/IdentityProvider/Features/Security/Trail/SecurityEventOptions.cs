using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Security.Trail;

/// <summary>How the security event trail is written to its table (section <c>SecurityEvents</c>).</summary>
public sealed class SecurityEventOptions
{
    public const string Section = "SecurityEvents";

    /// <summary>Events waiting for the writer; when full, further events go to the log only (and are counted).</summary>
    [Range(100, 1_000_000)]
    [Display(Name = "SecurityEvents:QueueCapacity")]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>At most this many events are saved by one statement batch.</summary>
    [Range(1, 5_000)]
    [Display(Name = "SecurityEvents:BatchSize")]
    public int BatchSize { get; set; } = 200;
}
