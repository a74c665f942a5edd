using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// The rule for the provider's own cookies (session, the other Identity cookies, antiforgery, temp data, device):
/// when the configured issuer is https they are always <c>Secure</c> and carry the <c>__Host-</c> prefix (path "/", no
/// domain, so no sibling host can set or shadow them). An http issuer is allowed outside Development only on a
/// loopback address (<see cref="StartupRequirements"/>), where a browser would drop a Secure cookie: there they stay
/// "Secure as the request" and keep their plain names. Development without an issuer follows its listening address.
/// </summary>
public static class ProviderCookies
{
    public const string HostPrefix = "__Host-";

    /// <summary>Whether the cookies are Secure and <c>__Host-</c>-prefixed: the public origin is https.</summary>
    public static bool AreSecure(HostingOptions hosting) => hosting.IssuerUri?.Scheme == Uri.UriSchemeHttps;

    /// <summary>The cookie's name under the rule: "__Host-MeineIhk.Session" or ".MeineIhk.Session".</summary>
    public static string Name(string baseName, bool secure) => secure ? HostPrefix + baseName.TrimStart('.') : "." + baseName.TrimStart('.');

    public static IServiceCollection AddProviderCookieRule(this IServiceCollection services)
    {
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SecureAuthenticationCookies>();
        // These two are built while the endpoints are mapped, before the start validates HostingOptions (a wrong setting
        // must stop the start with its own message): they read the issuer from the configuration itself.
        services.AddOptions<AntiforgeryOptions>().PostConfigure<IConfiguration>((o, configuration) => Apply(o.Cookie, IssuerIsHttps(configuration)));
        services.AddOptions<CookieTempDataProviderOptions>().PostConfigure<IConfiguration>((o, configuration) => Apply(o.Cookie, IssuerIsHttps(configuration)));
        return services;
    }

    private static bool IssuerIsHttps(IConfiguration configuration) =>
        Uri.TryCreate(HostingOptions.ConfiguredIssuer(configuration), UriKind.Absolute, out var issuer)
        && issuer.Scheme == Uri.UriSchemeHttps;

    private static void Apply(CookieBuilder cookie, bool secure)
    {
        if (!secure || cookie.Name is null || cookie.Name.StartsWith(HostPrefix, StringComparison.Ordinal))
        {
            return;
        }

        cookie.Name = Name(cookie.Name, secure: true);
        cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.Path = "/";
        cookie.Domain = null;
    }

    /// <summary>Every cookie authentication scheme of the provider (Identity's application, external and two-factor cookies).</summary>
    private sealed class SecureAuthenticationCookies(IOptions<HostingOptions> hosting) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options) => Apply(options.Cookie, AreSecure(hosting.Value));
    }
}
