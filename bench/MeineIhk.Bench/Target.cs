using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.Bench;

/// <summary>What the scenarios need to know about one server: its endpoints (from discovery), its client and users.</summary>
internal sealed partial class Target
{
    public const string Scopes = "openid profile email offline_access ihk.org";

    public required ServerProcess Server { get; init; }

    public required bool IsPeer { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>The client whose access tokens the userinfo endpoint accepts (the peer's JWT tokens are for its API only).</summary>
    public required string UserInfoClientId { get; init; }

    public required Uri RedirectUri { get; init; }

    public required string UserPassword { get; init; }

    /// <summary>Ours: the database the server runs on.</summary>
    public string ConnectionString { get; init; } = string.Empty;

    public Uri Discovery => new(Server.Url, ".well-known/openid-configuration");

    public Uri Authorization { get; private set; } = null!;

    public Uri Token { get; private set; } = null!;

    public Uri UserInfo { get; private set; } = null!;

    public Uri Jwks { get; private set; } = null!;

    public string UserFor(int client) => IsPeer ? "bench" + client : "azubi";

    public async Task ReadDiscoveryAsync()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(Discovery));
        Uri Get(string name) => new(document.RootElement.GetProperty(name).GetString()!);
        Authorization = Get("authorization_endpoint");
        Token = Get("token_endpoint");
        UserInfo = Get("userinfo_endpoint");
        Jwks = Get("jwks_uri");
    }

    public static HttpClient NewBrowser(bool cookies = true) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies,
        CookieContainer = new CookieContainer(),
        MaxConnectionsPerServer = 1,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Our login form: fetch it for the antiforgery token, post the credentials; a redirect means success.</summary>
    /// <param name="carryCookies">For a browser without a cookie jar: the antiforgery cookie is sent back by hand.</param>
    public async Task LoginAsync(HttpClient browser, string user, CancellationToken cancellationToken, bool carryCookies = false)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.Url, "anmelden"));
        using var page = await browser.SendAsync(get, cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        var token = AntiforgeryField().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("login page without antiforgery token: " + page.StatusCode);
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Url, "anmelden"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Username"] = user,
                ["Input.Password"] = UserPassword,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            }),
        };
        if (carryCookies && page.Headers.TryGetValues("Set-Cookie", out var set))
        {
            post.Headers.Add("Cookie", string.Join("; ", set.Select(c => c.Split(';')[0])));
        }

        using var answer = await browser.SendAsync(post, cancellationToken);
        if (answer.StatusCode != HttpStatusCode.Redirect && answer.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException("login refused: " + answer.StatusCode);
        }
    }

    /// <summary>Authorize with PKCE, follow the provider's own redirects to the client's redirect URI, redeem the code.</summary>
    public async Task<JsonElement> CodeFlowAsync(HttpClient browser, HttpClient backchannel, string clientId, string user, CancellationToken cancellationToken)
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = Scopes,
            ["state"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            ["nonce"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = user,
        };
        var next = new Uri(Authorization + "?" + string.Join("&", query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))));
        string? code = null;
        for (var hop = 0; hop < 8 && code is null; hop++)
        {
            using var response = await browser.GetAsync(next, cancellationToken);
            var location = response.Headers.Location ?? throw new InvalidOperationException($"authorize answered {(int)response.StatusCode} without a redirect");
            next = location.IsAbsoluteUri ? location : new Uri(next, location);
            if (next.ToString().StartsWith(RedirectUri.ToString(), StringComparison.Ordinal))
            {
                code = System.Web.HttpUtility.ParseQueryString(next.Query)["code"] ?? throw new InvalidOperationException("redirect without code: " + next.Query);
            }
        }

        return await TokenAsync(backchannel, clientId, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code ?? throw new InvalidOperationException("no code after 8 redirects"),
            ["redirect_uri"] = RedirectUri.ToString(),
            ["code_verifier"] = verifier,
        }, cancellationToken);
    }

    public async Task<JsonElement> TokenAsync(HttpClient backchannel, string clientId, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        parameters["client_id"] = clientId;
        parameters["client_secret"] = ClientSecret;
        using var content = new FormUrlEncodedContent(parameters);
        using var response = await backchannel.PostAsync(Token, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"token endpoint {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        if (!root.TryGetProperty("access_token", out _))
        {
            throw new InvalidOperationException("no access token");
        }

        return root;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
