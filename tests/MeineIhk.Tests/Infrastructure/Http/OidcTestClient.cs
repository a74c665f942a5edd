using AngleSharp.Dom;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Infrastructure.Http;

/// <summary>
/// A relying party and its user's browser, driven over real HTTP: the browser side keeps cookies and
/// follows redirects by hand (so a test sees every hop); the back channel talks to the token endpoint.
/// </summary>
public sealed class OidcTestClient : IDisposable
{
    private readonly Uri _providerUrl;
    private readonly string _clientId;
    private readonly string? _clientSecret;
    private readonly Uri _redirectUri;
    private readonly HttpClient _backchannel;
    private string _verifier = string.Empty;

    public OidcTestClient(TestWorld world, string clientId = TestWorld.SampleClientId, string? clientSecret = TestWorld.SampleSecret, Uri? redirectUri = null)
        : this(world.ProviderUrl, redirectUri ?? world.SampleRedirectUri, clientId, clientSecret)
    {
    }

    /// <summary>A client of a provider that is not a <see cref="TestWorld"/> (e.g. one started as a process).</summary>
    public OidcTestClient(Uri providerUrl, Uri redirectUri, string clientId, string? clientSecret)
    {
        _providerUrl = providerUrl;
        _clientId = clientId;
        _clientSecret = clientSecret;
        _redirectUri = redirectUri;
        Session = new BrowserSession(providerUrl);
        _backchannel = new HttpClient { BaseAddress = providerUrl };
    }

    public BrowserSession Session { get; }

    /// <summary>False plays a relying party without PKCE (a confidential client whose requirement was relaxed, as the certification suite's basic plan).</summary>
    public bool SendPkce { get; set; } = true;

    /// <summary>The PKCE verifier of the last authorize URL (for tests that redeem the code themselves).</summary>
    public string Verifier => _verifier;

    public HttpClient Browser => Session.Http;

    public async Task<JsonDocument> DiscoveryAsync() =>
        JsonDocument.Parse(await _backchannel.GetStringAsync(".well-known/openid-configuration"));

    public Uri AuthorizeUrl(string scope, IReadOnlyDictionary<string, string>? extra = null)
    {
        _verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = _clientId,
            ["redirect_uri"] = _redirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = Guid.NewGuid().ToString("N"),
            ["nonce"] = Guid.NewGuid().ToString("N"),
        };
        if (SendPkce)
        {
            parameters["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier)));
            parameters["code_challenge_method"] = "S256";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            parameters[key] = value;
        }

        return new Uri(_providerUrl, QueryHelpers.AddQueryString("connect/authorize", parameters));
    }

    public Task<HttpResponseMessage> StartAuthorizeAsync(string scope, IReadOnlyDictionary<string, string>? extra = null) =>
        Browser.GetAsync(AuthorizeUrl(scope, extra));

    /// <summary>Authorize, log in through the real form, and follow redirects until the client's redirect URI (or a page that stops the flow).</summary>
    public async Task<BrowserSession.Hop> AuthorizeAsync(string userName, string password, string scope, IReadOnlyDictionary<string, string>? extra = null) =>
        await Session.FollowAsync(await StartAuthorizeAsync(scope, extra), new(userName, password), AtRedirectUri);

    public async Task<HtmlPage> AuthorizeUntilPageAsync(string userName, string password, string scope) =>
        (await AuthorizeAsync(userName, password, scope)).Page ?? throw new InvalidOperationException("The flow ended in a redirect, not a page.");

    public async Task<TokenResponse> LoginAndRedeemAsync(string userName, string password, string scope, Dictionary<string, string>? extra = null)
    {
        var hop = await AuthorizeAsync(userName, password, scope, extra);
        Assert.True(hop.Redirect is not null, "Expected a redirect to the client, got a page: " + hop.Page?.RequestUri);
        var tokens = await RedeemAsync(CodeFrom(hop.Redirect!));
        Assert.True(tokens.Status == HttpStatusCode.OK, "Token request failed: " + tokens.Json);
        return tokens;
    }

    public async Task<Uri> SubmitOrganisationChoiceAsync(HtmlPage page, string firmierung)
    {
        var button = page.Document.QuerySelectorAll<IHtmlButtonElement>("button[name=org_hint]")
            .Single(b => b.TextContent.Contains(firmierung, StringComparison.Ordinal));
        return (await Session.FollowAsync(await Session.SubmitAsync(page.Form("#organisation-choice", submitter: button)), stopAt: AtRedirectUri)).RequiredRedirect;
    }

    public async Task<Uri> SubmitFormAsync(HtmlPage page, string selector)
    {
        var button = page.Document.QuerySelector(selector)!.QuerySelector<IHtmlButtonElement>("button");
        return (await Session.FollowAsync(await Session.SubmitAsync(page.Form(selector, submitter: button)), stopAt: AtRedirectUri)).RequiredRedirect;
    }

    /// <summary>Posts the login form directly and returns the error summary's text.</summary>
    public async Task<string> FailedLoginMessageAsync(string userName, string password)
    {
        var login = await HtmlPage.ReadAsync(await Browser.GetAsync("anmelden"));
        var response = await Session.SubmitAsync(login.Form("#login-form", new BrowserSession.Credentials(userName, password).FormValues));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected the login page again, got {(int)response.StatusCode} to {response.Headers.Location}");
        var page = await HtmlPage.ReadAsync(response);
        return page.Document.QuerySelector(".error-summary")?.TextContent.Trim()
            ?? throw new InvalidOperationException("No error shown after a failed login.");
    }

    public async Task<TokenResponse> RedeemAsync(string code, string? verifier = null, string? redirectUri = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri ?? _redirectUri.ToString(),
        };
        if (SendPkce || verifier is not null)
        {
            parameters["code_verifier"] = verifier ?? _verifier;
        }

        return await TokenAsync(parameters);
    }

    public Task<TokenResponse> RefreshAsync(string refreshToken) =>
        TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public Task<TokenResponse> ClientCredentialsAsync(string secret) =>
        TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, secret);

    public async Task<TokenResponse> TokenAsync(Dictionary<string, string> parameters, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token");
        var body = new Dictionary<string, string>(parameters) { ["client_id"] = _clientId };
        secret ??= _clientSecret;
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                Encoding.UTF8.GetBytes(Uri.EscapeDataString(_clientId) + ":" + Uri.EscapeDataString(secret))));
        }

        request.Content = new FormUrlEncodedContent(body);
        using var response = await _backchannel.SendAsync(request);
        return await TokenResponse.ReadAsync(response);
    }

    public async Task<JsonDocument> UserInfoAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _backchannel.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonDocument> IntrospectAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/introspect")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["client_id"] = _clientId, ["client_secret"] = _clientSecret! }),
        };
        using var response = await _backchannel.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<Uri> EndSessionAsync(string idToken, Uri postLogoutRedirectUri)
    {
        var url = QueryHelpers.AddQueryString("connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = postLogoutRedirectUri.ToString(),
            ["state"] = "bye",
        });
        var response = await Browser.GetAsync(url);
        Assert.True(HtmlPage.IsRedirect(response), "End session did not redirect: " + response.StatusCode);
        return new Uri(Browser.BaseAddress!, response.Headers.Location!);
    }

    /// <summary>Validates a token's signature, issuer, lifetime and (optionally) audience against the published JWKS alone.</summary>
    public async Task<JsonWebToken> ValidateAsync(string token, string? audience, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var configuration = await new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(_providerUrl, ".well-known/openid-configuration").ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(_backchannel) { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _providerUrl.ToString(),
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateAudience = audience is not null,
            ValidAudience = audience,
            ValidateLifetime = true,
            ValidAlgorithms = [algorithm],
        });
        Assert.True(result.IsValid, "Token invalid: " + result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    public static string CodeFrom(Uri redirect) =>
        Query(redirect).TryGetValue("code", out var code) ? code : throw new InvalidOperationException("No code in " + redirect);

    public static Dictionary<string, string> Query(Uri redirect) =>
        QueryHelpers.ParseQuery(redirect.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    private bool AtRedirectUri(Uri location) => location.GetLeftPart(UriPartial.Path) == _redirectUri.GetLeftPart(UriPartial.Path);

    public void Dispose()
    {
        Session.Dispose();
        _backchannel.Dispose();
    }
}
