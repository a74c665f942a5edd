using System.Net;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// Which addresses may receive codes, logout redirects and logout tokens: absolute https addresses, compared
/// exactly at request time; plain http only on the loopback names used in development. No wildcards, no
/// fragments (RFC 6749 3.1.2), no user information (an address like https://good.example@evil.example would
/// mislead people reading it).
/// </summary>
public static class RedirectUriRules
{
    public const int MaxLength = 2000;

    public const int MaxCount = 20;

    /// <summary>The resource key of the first rule the address breaks, or null when it is acceptable.</summary>
    public static string? Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "Applications.Error.UriRequired";
        }

        if (value.Length > MaxLength || value.Any(char.IsWhiteSpace))
        {
            return "Applications.Error.UriInvalid";
        }

        if (value.Contains('*', StringComparison.Ordinal))
        {
            return "Applications.Error.UriWildcard";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return "Applications.Error.UriFragment";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "Applications.Error.UriInvalid";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Applications.Error.UriUserInfo";
        }

        return uri.Scheme switch
        {
            "https" => null,
            "http" when IsLoopback(uri) => null,
            "http" => "Applications.Error.UriHttpOnlyLocal",
            _ => "Applications.Error.UriScheme",
        };
    }

    /// <summary>Exactly localhost or a loopback address; "localhost.example.de" and "127.0.0.1.nip.io" are not.</summary>
    private static bool IsLoopback(Uri uri) =>
        string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address) && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6);
}
