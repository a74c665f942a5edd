using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MeineIhk.IdentityProvider.Hosting.Observability;

/// <summary>The section <c>Telemetry</c>: who may scrape <c>/metrics</c>. OTLP is set by the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Client address ranges (CIDR) that may read <c>/metrics</c>; everyone else gets 404. Loopback by default.</summary>
    public string[] MetricsNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

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
