using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// The sample app's back-channel logout endpoint (/signout-backchannel) accepts only logout tokens that meine ihk
/// signed for it (Back-Channel Logout 1.0, 2.6), without a cookie or an antiforgery token, and ends the session named.
/// </summary>
public abstract class SampleLogoutTokenTests(SessionsWorld sessions)
{
    private TestWorld World => sessions.World;

    private Uri Endpoint => new(World.SampleUrl, "signout-backchannel");

    [Fact]
    public async Task A_valid_logout_token_ends_the_named_session_at_the_sample()
    {
        var userName = await sessions.MemberWithRolesAsync($"{TestWorld.SampleClientId}:auszubildender");
        var userId = await sessions.UserIdAsync(userName);
        using var browser = new BrowserSession();
        var page = (await browser.GetAsync(World.SampleUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal(World.SampleUrl.Authority, page.RequestUri.Authority);

        // Posted by a plain HTTP client: no cookie, no antiforgery token.
        using var response = await LogoutTokens.PostAsync(Endpoint, LogoutTokens.Make(World, TestWorld.SampleClientId, userId, sessionId: null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var again = await browser.Http.GetAsync(World.SampleUrl);
        Assert.True(HtmlPage.IsRedirect(again));
        Assert.Equal(World.ProviderUrl.Authority, again.Headers.Location!.Authority);
    }

    [Theory]
    [InlineData("forged signature")]
    [InlineData("other audience")]
    [InlineData("other issuer")]
    [InlineData("nonce")]
    [InlineData("no events")]
    [InlineData("other event")]
    [InlineData("no sub and no sid")]
    [InlineData("old iat")]
    [InlineData("expired")]
    [InlineData("not typed logout+jwt")]
    public async Task An_invalid_logout_token_is_refused_with_400(string defect)
    {
        var token = defect switch
        {
            "forged signature" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1", credentials: ForeignKey()),
            "other audience" => LogoutTokens.Make(World, SessionsWorld.SecondClientId, "someone", "sid-1"),
            "other issuer" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1", c => c["iss"] = "https://evil.example/"),
            "nonce" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1", c => c["nonce"] = "n-1"),
            "no events" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1", c => c.Remove("events")),
            "other event" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1",
                c => c["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/other"] = new Dictionary<string, object>() }),
            "no sub and no sid" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", null, c => c.Remove("sub")),
            "old iat" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1",
                c => c["iat"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()),
            "expired" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1",
                c => c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()),
            "not typed logout+jwt" => LogoutTokens.Make(World, TestWorld.SampleClientId, "someone", "sid-1", tokenType: "JWT"),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        using var response = await LogoutTokens.PostAsync(Endpoint, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_id_token_is_not_a_logout_token()
    {
        var userName = await sessions.MemberWithRolesAsync($"{TestWorld.SampleClientId}:auszubildender");
        using var client = new OidcTestClient(World);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid profile ihk.org");

        using var response = await LogoutTokens.PostAsync(Endpoint, tokens.IdToken!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_logout_token_is_refused_with_400()
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("something", "else")]);

        using var response = await http.PostAsync(Endpoint, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static SigningCredentials ForeignKey() =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "foreign" }, SecurityAlgorithms.RsaSha256);
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqliteSampleLogoutTokenTests(SqliteSessionsWorld sessions) : SampleLogoutTokenTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlSampleLogoutTokenTests(PostgreSqlSessionsWorld sessions) : SampleLogoutTokenTests(sessions);
