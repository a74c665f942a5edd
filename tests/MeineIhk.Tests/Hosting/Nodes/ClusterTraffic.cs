using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.Tests.Hosting.Nodes;

/// <summary>One HTTP request as the load saw it: when, what, which node answered (nginx's X-Upstream), and how.</summary>
public sealed record TrafficRecord(string What, TimeSpan Started, TimeSpan Ended, int Status, string? Upstream, string? Failure)
{
    public bool Failed => Failure is not null;
}

/// <summary>
/// People using the Fachanwendung through the proxy: log in through the real form (each from its own loopback address,
/// so the per-address limit on login posts is not met), redeem the code, refresh, ask for a password reset mail, and
/// end the session (a back-channel notice). Every request is recorded.
/// </summary>
public sealed class ClusterTraffic(ThreeNodeCluster cluster)
{
    private static int _addresses;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConcurrentQueue<TrafficRecord> Records { get; } = new();

    /// <summary>The sessions whose end was confirmed (sid), each of which must bring exactly one back-channel notice.</summary>
    public ConcurrentQueue<string> EndedSessions { get; } = new();

    /// <summary>Sessions whose end request failed: a notice may or may not come, but never two.</summary>
    public ConcurrentQueue<string> UncertainSessions { get; } = new();

    /// <summary>Confirmed password-reset requests, each of which must bring exactly one mail per address of the person.</summary>
    public int ResetRequests => _resetRequests;

    private int _resetRequests;

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Runs <paramref name="workers"/> people in a loop until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await OneVisitAsync(withMail: true);
                }
                catch (FlowBrokenException)
                {
                    // Recorded; the next visit starts afresh.
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Records.Enqueue(new TrafficRecord("unexpected", _clock.Elapsed, _clock.Elapsed, 0, null, e.GetType().Name + ": " + e.Message));
                }
            }
        })));

    /// <summary>Log in, redeem, refresh, ask for a reset mail, end the session. Returns the refreshed tokens.</summary>
    public async Task<JsonElement> OneVisitAsync(bool withMail)
    {
        var address = NextAddress();
        var cookies = new CookieContainer();
        using var http = new HttpClient(BrowserSession.FromAddress(address, cookies)) { BaseAddress = cluster.ProxyUrl, Timeout = TimeSpan.FromSeconds(30) };

        var (code, verifier, _) = await LoginAsync(http);
        var tokens = await TokenAsync(http, "redeem", new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = cluster.RedirectUri.ToString(),
            ["code_verifier"] = verifier,
        });
        var refreshed = await TokenAsync(http, "refresh", new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()! });

        if (withMail)
        {
            var forgot = await HtmlPage.ReadAsync(await SendAsync(http, "reset page", () => new HttpRequestMessage(HttpMethod.Get, "passwort-vergessen"), expectRedirect: false));
            // The page's own form: the layout's header holds the logout form of the signed-in visitor before it.
            var form = forgot.Form("main form[method=post]", new Dictionary<string, string> { ["NameOrEmail"] = "azubi" });
            await SendAsync(http, "reset post", () => new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(form.Fields) }, expectRedirect: false);
            Interlocked.Increment(ref _resetRequests);
        }

        var idToken = refreshed.GetProperty("id_token").GetString()!;
        var idClaims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(idToken);
        var sid = idClaims.TryGetPayloadValue<string>("sid", out var session) ? session : "sub:" + idClaims.Subject;
        var endSession = QueryHelpers.AddQueryString("connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = cluster.PostLogoutRedirectUri.ToString(),
        });
        try
        {
            await SendAsync(http, "end session", () => new HttpRequestMessage(HttpMethod.Get, endSession), expectRedirect: true);
            EndedSessions.Enqueue(sid);
        }
        catch (FlowBrokenException)
        {
            UncertainSessions.Enqueue(sid);
            throw;
        }

        return refreshed;
    }

    /// <summary>Authorize and log in through the real form; the code, its PKCE verifier and the node nginx says issued it.</summary>
    public async Task<(string Code, string Verifier, string? IssuedBy)> LoginAsync(HttpClient http)
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var authorize = QueryHelpers.AddQueryString("connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = TestWorld.SampleClientId,
            ["redirect_uri"] = cluster.RedirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = "openid offline_access",
            ["state"] = "s",
            ["nonce"] = Guid.NewGuid().ToString("N"),
            ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });

        var response = await SendAsync(http, "authorize", () => new HttpRequestMessage(HttpMethod.Get, authorize), expectRedirect: true);
        string? code = null;
        var loggedIn = false;
        for (var hop = 0; hop < 8 && code is null; hop++)
        {
            var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            if (location.ToString().StartsWith(cluster.RedirectUri.ToString(), StringComparison.Ordinal))
            {
                code = OidcTestClient.CodeFrom(location);
                break;
            }

            if (location.AbsolutePath == "/anmelden" && !loggedIn)
            {
                var page = await HtmlPage.ReadAsync(await SendAsync(http, "login page", () => new HttpRequestMessage(HttpMethod.Get, location), expectRedirect: false));
                var form = page.Form("#login-form", new BrowserSession.Credentials("azubi", TestWorld.Password).FormValues);
                response = await SendAsync(http, "login post", () => new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(form.Fields) }, expectRedirect: true);
                loggedIn = true;
                continue;
            }

            response = await SendAsync(http, "redirect " + location.AbsolutePath, () => new HttpRequestMessage(HttpMethod.Get, location), expectRedirect: true);
        }

        if (code is null)
        {
            throw Broken("login", "no code after the login");
        }

        return (code, verifier, response.Headers.TryGetValues("X-Upstream", out var upstream) ? string.Join(",", upstream) : null);

    }

    /// <summary>A browser behind the proxy from a loopback address of its own.</summary>
    public HttpClient NewBrowser() =>
        new(BrowserSession.FromAddress(NextAddress(), new CookieContainer())) { BaseAddress = cluster.ProxyUrl, Timeout = TimeSpan.FromSeconds(30) };

    public Task<JsonElement> TokenAtAsync(HttpClient http, string what, Dictionary<string, string> parameters) => TokenAsync(http, what, parameters);

    private async Task<JsonElement> TokenAsync(HttpClient http, string what, Dictionary<string, string> parameters)
    {
        var response = await SendAsync(http, what, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(parameters) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(TestWorld.SampleClientId + ":" + TestWorld.SampleSecret)));
            return request;
        }, expectRedirect: false);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient http, string what, Func<HttpRequestMessage> request, bool expectRedirect)
    {
        var started = _clock.Elapsed;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request());
            await response.Content.LoadIntoBufferAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Records.Enqueue(new TrafficRecord(what, started, _clock.Elapsed, 0, null, e.GetType().Name + ": " + e.Message));
            throw Broken(what, e.Message);
        }

        var upstream = response.Headers.TryGetValues("X-Upstream", out var values) ? string.Join(",", values) : null;
        var ok = expectRedirect ? HtmlPage.IsRedirect(response) : response.IsSuccessStatusCode;
        Records.Enqueue(new TrafficRecord(what, started, _clock.Elapsed, (int)response.StatusCode, upstream, ok ? null : $"HTTP {(int)response.StatusCode}"));
        if (!ok)
        {
            throw Broken(what, $"HTTP {(int)response.StatusCode} from {upstream}: {Shorten(await response.Content.ReadAsStringAsync())}");
        }

        return response;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;

    private static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return new IPAddress([127, 1, (byte)(n / 250 % 250 + 1), (byte)(n % 250 + 1)]);
    }

    private static FlowBrokenException Broken(string what, string why) => new($"{what}: {why}");

    public sealed class FlowBrokenException(string message) : Exception(message);
}
