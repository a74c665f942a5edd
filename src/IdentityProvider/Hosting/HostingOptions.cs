using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// How the provider is reached: the section <c>Hosting</c>, and the issuer from the root key <c>Issuer</c>
/// (kept at the root, where operators and the deployment files already set it).
/// </summary>
public sealed class HostingOptions : IValidatableObject
{
    public const string Section = "Hosting";
    public const string IssuerKey = "Issuer";

    /// <summary>Development and tests only: the protocol endpoints answer over plain http.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Addresses of reverse proxies whose forwarded headers are trusted.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>The absolute URL every token, mail and letter names; unset: taken from the request (development only).</summary>
    public string? Issuer { get; set; }

    public Uri? IssuerUri => string.IsNullOrEmpty(Issuer) ? null : new Uri(Issuer, UriKind.Absolute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"Hosting:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
            }
        }

        // On Unix "/path" parses as an absolute file URI; only http(s) names an issuer.
        if (!string.IsNullOrEmpty(Issuer) && !(Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) && (issuer.Scheme == Uri.UriSchemeHttps || issuer.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{IssuerKey} must be an absolute http(s) URL, not '{Issuer}'.", [nameof(Issuer)]);
        }
    }

    /// <summary>Binds <c>Hosting</c> and the root key <c>Issuer</c>, validated when the host starts.</summary>
    public static void Add(IServiceCollection services) =>
        services.AddOptions<HostingOptions>()
            .BindConfiguration(Section)
            .Configure<IConfiguration>((o, configuration) => o.Issuer = configuration[IssuerKey])
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
