using System.Net;
using System.Net.Http.Headers;

namespace MeineIhk.Bench;

/// <summary>The scenarios of issue 7. Each makes one virtual client (its own connection, cookies and tokens) and returns its step.</summary>
internal static class Scenarios
{
    public sealed record Scenario(string Name, string Unit, bool TokenScenario, bool OursOnly, Func<Target, int, Task<Step>> CreateClient);

    public static readonly Scenario ClientCredentials = new("client_credentials", "tokens", true, false, (target, _) =>
    {
        var http = Target.NewBrowser(cookies: false);
        return Task.FromResult<Step>(async ct =>
            await target.TokenAsync(http, target.ClientId, new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, ct));
    });

    public static readonly Scenario RefreshToken = new("refresh_token (rotation)", "tokens", true, false, async (target, index) =>
    {
        var browser = Target.NewBrowser();
        var backchannel = Target.NewBrowser(cookies: false);
        await SessionAsync(target, browser, index);
        var refresh = (await target.CodeFlowAsync(browser, backchannel, target.ClientId, target.UserFor(index), CancellationToken.None)).GetProperty("refresh_token").GetString()!;
        return async ct =>
        {
            var answer = await target.TokenAsync(backchannel, target.ClientId, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }, ct);
            refresh = answer.TryGetProperty("refresh_token", out var next) ? next.GetString()! : throw new InvalidOperationException("no rotated refresh token");
        };
    });

    public static readonly Scenario AuthorizationCode = new("authorization code + PKCE (session exists)", "flows", true, false, async (target, index) =>
    {
        var browser = Target.NewBrowser();
        var backchannel = Target.NewBrowser(cookies: false);
        await SessionAsync(target, browser, index);
        return async ct => await target.CodeFlowAsync(browser, backchannel, target.ClientId, target.UserFor(index), ct);
    });

    public static readonly Scenario UserInfo = new("userinfo", "requests", false, false, async (target, index) =>
    {
        var browser = Target.NewBrowser();
        var backchannel = Target.NewBrowser(cookies: false);
        await SessionAsync(target, browser, index);
        var token = (await target.CodeFlowAsync(browser, backchannel, target.UserInfoClientId, target.UserFor(index), CancellationToken.None)).GetProperty("access_token").GetString()!;
        backchannel.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return async ct => await ExpectOkAsync(backchannel, target.UserInfo, ct);
    });

    public static readonly Scenario Discovery = new("discovery", "requests", false, false, (target, _) =>
    {
        var http = Target.NewBrowser(cookies: false);
        return Task.FromResult<Step>(async ct => await ExpectOkAsync(http, target.Discovery, ct));
    });

    public static readonly Scenario Jwks = new("JWKS", "requests", false, false, (target, _) =>
    {
        var http = Target.NewBrowser(cookies: false);
        return Task.FromResult<Step>(async ct => await ExpectOkAsync(http, target.Jwks, ct));
    });

    /// <summary>The login form: GET for the antiforgery token, POST the password. Ours only: its cost is the password hash.</summary>
    public static readonly Scenario PasswordLogin = new("password login (form post)", "logins", false, true, (target, index) =>
    {
        var http = Target.NewBrowser(cookies: false);
        return Task.FromResult<Step>(async ct => await target.LoginAsync(http, target.UserFor(index), ct, carryCookies: true));
    });

    public static readonly Scenario[] All = [ClientCredentials, RefreshToken, AuthorizationCode, PasswordLogin, UserInfo, Discovery, Jwks];

    /// <summary>Ours needs a login through the form; the peer logs the user in on its first authorize (see bench/peer/server.js).</summary>
    private static async Task SessionAsync(Target target, HttpClient browser, int index)
    {
        if (!target.IsPeer)
        {
            await target.LoginAsync(browser, target.UserFor(index), CancellationToken.None);
        }
    }

    private static async Task ExpectOkAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{url.AbsolutePath} answered {(int)response.StatusCode}");
        }
    }
}
