using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// How the provider is reached: the section <c>Hosting</c>, and the issuer from the root key <c>Issuer</c>
/// (kept at the root, where operators and the deployment files already set it; <c>Hosting:Issuer</c> is read too).
/// </summary>
public sealed class HostingOptions : IValidatableObject
{
    public const string Section = "Hosting";
    public const string IssuerKey = "Issuer";

    /// <summary>The issuer as configured (<c>Issuer</c>, else <c>Hosting:Issuer</c>), for what runs before the options are validated.</summary>
    public static string? ConfiguredIssuer(IConfiguration configuration) => configuration[IssuerKey] ?? configuration[Section + ":Issuer"];

    /// <summary>Development and tests only: the protocol endpoints answer over plain http.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Addresses of reverse proxies whose forwarded headers are trusted.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Address ranges (CIDR, e.g. 10.0.0.0/8) of reverse proxies whose forwarded headers are trusted.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// The public origin: the absolute URL every token, mail link, letter and logout token names. Required outside
    /// Development; in Development without it, taken from the server's own listening address (never from a request).
    /// </summary>
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

        foreach (var network in KnownNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Hosting:KnownNetworks: '{network}' is not an address range (CIDR, e.g. 10.0.0.0/8).", [nameof(KnownNetworks)]);
            }
        }

        // On Unix "/path" parses as an absolute file URI; only http(s) names an issuer.
        if (!string.IsNullOrEmpty(Issuer) && !(Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) && (issuer.Scheme == Uri.UriSchemeHttps || issuer.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{IssuerKey} must be an absolute http(s) URL, not '{Issuer}'.", [nameof(Issuer)]);
        }
    }

    /// <summary>
    /// Binds <c>Hosting</c> and the root key <c>Issuer</c>, validated when the host starts. In Development without an
    /// issuer, the first address the server is told to listen on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) stands in.
    /// </summary>
    public static void Add(IServiceCollection services) =>
        services.AddOptions<HostingOptions>()
            .BindConfiguration(Section)
            .Configure<IConfiguration, IHostEnvironment>((o, configuration, environment) =>
            {
                o.Issuer = configuration[IssuerKey] ?? o.Issuer;
                if (string.IsNullOrEmpty(o.Issuer) && environment.IsDevelopment())
                {
                    o.Issuer = ListeningOrigin(configuration[WebHostDefaults.ServerUrlsKey]);
                }

                if (!string.IsNullOrEmpty(o.Issuer) && !o.Issuer.EndsWith('/'))
                {
                    o.Issuer += "/";
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>The first listening address with a wildcard host read as localhost; Kestrel's default without one.</summary>
    internal static string ListeningOrigin(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5000";
        var wildcard = first.IndexOf("://", StringComparison.Ordinal) is var at and >= 0 ? first[(at + 3)..] : first;
        foreach (var any in new[] { "*", "+", "0.0.0.0", "[::]" })
        {
            if (wildcard.StartsWith(any, StringComparison.Ordinal))
            {
                first = first.Replace("://" + any, "://localhost", StringComparison.Ordinal);
                break;
            }
        }

        return first.TrimEnd('/') + "/";
    }
}
