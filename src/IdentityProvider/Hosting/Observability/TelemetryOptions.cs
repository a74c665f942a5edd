using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>The section <c>Telemetry</c>: who may scrape <c>/metrics</c>. OTLP is set by the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Loopback: the machine itself (a local agent, or the operator with curl).</summary>
    public static readonly string[] Loopback = ["127.0.0.0/8", "::1/128"];

    /// <summary>Client address ranges (CIDR) that may read <c>/metrics</c>; everyone else gets 404. Empty: <see cref="Loopback"/>.</summary>
    public string[] MetricsNetworks { get; set; } = [];

    /// <summary>The ranges in force (a configured list replaces loopback; binding would append to a default list).</summary>
    public IEnumerable<string> AllowedMetricsNetworks => MetricsNetworks.Length == 0 ? Loopback : MetricsNetworks;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in MetricsNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Telemetry:MetricsNetworks: '{network}' is not an address range (CIDR, e.g. 10.0.0.0/8).", [nameof(MetricsNetworks)]);
            }
        }
    }
}
