namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// The one place that knows meine ihk's public base address, from which every absolute link in mails, letters
/// and notices is built. For now it is taken from the request (scheme, host, path base); the security issue makes
/// it the configured public origin (the issuer), so that a forged Host header cannot steer links.
/// </summary>
public static class PublicOrigin
{
    /// <summary>The base address, ending in "/".</summary>
    public static Uri PublicBaseUri(this HttpRequest request) => new(BaseOf(request));

    /// <summary>An absolute address of a page of meine ihk; <paramref name="path"/> with or without a leading "/".</summary>
    public static Uri PublicUri(this HttpRequest request, string path) => new(BaseOf(request) + path.TrimStart('/'));

    private static string BaseOf(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";
}
