using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// An <see cref="HttpClient"/> that keeps cookies like a browser but does not follow redirects on its own:
/// tests look at each hop, or call <see cref="HttpTestExtensions.FollowRedirectsAsync"/>.
/// </summary>
/// <remarks>
/// A <see cref="CookieContainer"/> does not tell ports apart: apps on 127.0.0.1 share one jar, and cookies
/// marked Secure are not sent back over http.
/// </remarks>
public static class CookieAwareClient
{
    /// <param name="baseAddress">For relative request addresses.</param>
    /// <param name="cookies">The jar to use (pass your own to look into it); a new one otherwise.</param>
    /// <param name="acceptLanguage">E.g. "de-DE" or "en"; no Accept-Language header when null.</param>
    public static HttpClient Create(Uri? baseAddress = null, CookieContainer? cookies = null, string? acceptLanguage = null)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress };
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return client;
    }
}

public static class HttpTestExtensions
{
    /// <summary>
    /// Follows 30x answers with GET requests until one is not a redirect, or until <paramref name="stopWhen"/>
    /// accepts a Location: then that redirect response is returned, its target not visited (read it with
    /// <see cref="AbsoluteLocation"/>). Intermediate responses are disposed.
    /// </summary>
    public static async Task<HttpResponseMessage> FollowRedirectsAsync(
        this HttpClient client, HttpResponseMessage response, Func<Uri, bool>? stopWhen = null, int maxRedirects = 20,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(response);
        var visited = new List<Uri>();
        while (response.AbsoluteLocation() is { } location)
        {
            if (stopWhen?.Invoke(location) == true)
            {
                return response;
            }

            visited.Add(location);
            if (visited.Count > maxRedirects)
            {
                response.Dispose();
                throw new InvalidOperationException($"More than {maxRedirects} redirects: {string.Join(" -> ", visited)}");
            }

            response.Dispose();
            response = await client.GetAsync(location, cancellationToken);
        }

        return response;
    }

    /// <summary>The absolute target of a redirect (3xx with Location, resolved against the request), else null.</summary>
    public static Uri? AbsoluteLocation(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        if (status is < 300 or > 399 || status == 304 || response.Headers.Location is not { } location)
        {
            return null;
        }

        return location.IsAbsoluteUri ? location
            : new Uri(response.RequestMessage?.RequestUri ?? throw new InvalidOperationException("Relative Location without a request address."), location);
    }

    /// <summary>Parses the response body as HTML.</summary>
    public static async Task<IHtmlDocument> ReadHtmlAsync(this HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        return await new HtmlParser().ParseDocumentAsync(html, cancellationToken);
    }
}
