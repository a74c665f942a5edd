using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// The one place that knows meine ihk's public base address, from which every absolute link in mails, letters and
/// notices is built: the configured issuer (<see cref="HostingOptions.Issuer"/>), never the request's Host or
/// X-Forwarded-Host, so that a forged header cannot steer a reset link to another site (ASVS 5.0 V3, the Host-header
/// finding of the security review).
/// </summary>
public sealed class PublicOrigin(IOptions<HostingOptions> hosting)
{
    /// <summary>The base address, ending in "/".</summary>
    public Uri BaseUri => hosting.Value.IssuerUri
        ?? throw new InvalidOperationException($"The public origin is not configured: set {HostingOptions.IssuerKey} (e.g. https://meine.ihk.example/).");

    /// <summary>An absolute address of a page of meine ihk; <paramref name="path"/> with or without a leading "/".</summary>
    public Uri Page(string path) => new(BaseUri.AbsoluteUri + path.TrimStart('/'));
}

/// <summary>Shortcuts for pages: the request only finds the <see cref="PublicOrigin"/> service; its host is never read.</summary>
public static class PublicOriginRequestExtensions
{
    /// <summary>The public base address, ending in "/".</summary>
    public static Uri PublicBaseUri(this HttpRequest request) => Of(request).BaseUri;

    /// <summary>An absolute address of a page of meine ihk; <paramref name="path"/> with or without a leading "/".</summary>
    public static Uri PublicUri(this HttpRequest request, string path) => Of(request).Page(path);

    private static PublicOrigin Of(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublicOrigin>();
}
