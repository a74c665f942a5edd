using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>The section <c>Health</c>: when readiness reports an outbox as stuck.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Not ready when the oldest undelivered mail or back-channel notice is older than this.</summary>
    [Display(Name = "Health:OutboxStuckAfter")]
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan OutboxStuckAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the outbox and key gauges are read from the database.</summary>
    [Display(Name = "Health:GaugeInterval")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
