using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;

namespace MeineIhk.Tests.Infrastructure.Http;

/// <summary>
/// A cookie-keeping HTTP "browser" that follows redirects by hand across the provider and the sample app,
/// logging in through the real login form when it lands there, and stopping where a test wants to look.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    public BrowserSession(Uri? baseAddress = null) =>
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>A browser whose connections leave from <paramref name="localAddress"/> (e.g. 127.0.0.7): another client address behind a proxy.</summary>
    public BrowserSession(Uri baseAddress, IPAddress localAddress) =>
        Http = new HttpClient(FromAddress(localAddress, Cookies)) { BaseAddress = baseAddress };

    /// <summary>A handler that connects from <paramref name="localAddress"/>; with <paramref name="cookies"/> when given.</summary>
    public static SocketsHttpHandler FromAddress(IPAddress localAddress, CookieContainer? cookies = null) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        ConnectCallback = async (context, token) =>
        {
            var socket = new System.Net.Sockets.Socket(localAddress.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public async Task<Hop> GetAsync(Uri url, Credentials? login = null, Func<Uri, bool>? stopAt = null) =>
        await FollowAsync(await Http.GetAsync(url), login, stopAt);

    /// <summary>Follows redirects (GET) until a page, or until a Location that <paramref name="stopAt"/> accepts, which is returned unvisited.</summary>
    public async Task<Hop> FollowAsync(HttpResponseMessage response, Credentials? login = null, Func<Uri, bool>? stopAt = null)
    {
        for (var hop = 0; hop < 20; hop++)
        {
            if (HtmlPage.IsRedirect(response))
            {
                var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
                if (stopAt?.Invoke(location) == true)
                {
                    return new Hop(location, null);
                }

                response = await Http.GetAsync(location);
                continue;
            }

            var page = await HtmlPage.ReadAsync(response);
            if (login is not null && page.RequestUri.AbsolutePath == "/anmelden")
            {
                response = await SubmitAsync(page.Form("#login-form", login.FormValues));
                login = null;
                continue;
            }

            return new Hop(null, page);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public async Task<HttpResponseMessage> SubmitAsync((HttpMethod Method, Uri Action, List<KeyValuePair<string, string>> Fields) form)
    {
        if (form.Method == HttpMethod.Get)
        {
            return await Http.GetAsync(QueryHelpers.AddQueryString(form.Action.GetLeftPart(UriPartial.Path), form.Fields!));
        }

        using var content = new FormUrlEncodedContent(form.Fields);
        return await Http.PostAsync(form.Action, content);
    }

    public void Dispose() => Http.Dispose();

    public sealed record Hop(Uri? Redirect, HtmlPage? Page)
    {
        public HtmlPage RequiredPage => Page ?? throw new InvalidOperationException("Expected a page, got a redirect to " + Redirect);

        public Uri RequiredRedirect => Redirect ?? throw new InvalidOperationException("Expected a redirect, got the page " + Page?.RequestUri);
    }

    public sealed record Credentials(string UserName, string Password)
    {
        public Dictionary<string, string> FormValues => new() { ["Input.Username"] = UserName, ["Input.Password"] = Password };
    }
}
