using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MeineIhk.BerichtsheftApi;
using Microsoft.AspNetCore.Builder;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// The guide's resource server (samples/BerichtsheftApi, section 10) with access tokens from a real code flow:
/// 200 with a role, 403 without, 401 for a tampered, expired or ID token and for a token addressed to another client.
/// </summary>
public abstract class ApiSampleTests(TestWorld world)
{
    private const string Scopes = "openid profile ihk.org";

    [Fact]
    public async Task A_member_with_a_role_reads_the_api_as_the_guide_shows()
    {
        await using var api = await ApiAsync();
        var tokens = await LoginAsync("azubi");

        var example = GuideDocument.Example("api-call").Text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var parts = example.Split("\n\n", 3);
        var requestLine = parts[0].Split('\n')[0].Split(' ');
        Assert.Equal("GET", requestLine[0]);
        Assert.Contains("Authorization: Bearer ", parts[0], StringComparison.Ordinal);

        using var response = await CallAsync(api.Url, requestLine[1], tokens.AccessToken!);
        var statusLine = parts[1].Split('\n')[0];
        Assert.Equal("HTTP/1.1 200 OK", statusLine);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Content-Type: " + response.Content.Headers.ContentType, parts[1], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonShape.AssertMatches(parts[2], body.RootElement, world.ProviderUrl, exactKeys: true);
    }

    [Fact]
    public async Task A_trainer_is_in_the_trainer_role()
    {
        await using var api = await ApiAsync();
        var tokens = await LoginAsync(await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "ausbildender"));
        using var response = await CallAsync(api.Url, "/api/berichte", tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("trainer").GetBoolean());
    }

    [Fact]
    public async Task A_member_without_a_role_is_forbidden()
    {
        await using var api = await ApiAsync();
        var tokens = await LoginAsync("ohnerolle");
        using var response = await CallAsync(api.Url, "/api/berichte", tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Rfc9068_a_token_for_another_client_is_refused_by_this_api()
    {
        // RFC 9068 §4, RFC 9700 §2.3: the API of client B accepts only tokens whose aud names B; the Berichtsheft's
        // token (aud = berichtsheft) is refused by it, and accepted by the Berichtsheft's own API.
        await using var api = await ApiAsync("another-client");
        var tokens = await LoginAsync("azubi");
        using var response = await CallAsync(api.Url, "/api/berichte", tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await using var own = await ApiAsync();
        using var accepted = await CallAsync(own.Url, "/api/berichte", tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_client_credentials_token_has_no_role_and_is_forbidden()
    {
        await using var api = await ApiAsync();
        using var client = new OidcTestClient(world);
        var tokens = await client.ClientCredentialsAsync(TestWorld.SampleSecret);
        using var response = await CallAsync(api.Url, "/api/berichte", tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_token_is_unauthorized()
    {
        await using var api = await ApiAsync();
        var token = (await LoginAsync("azubi")).AccessToken!;
        var parts = token.Split('.');
        // Another payload under the original signature: claims a role the user does not hold.
        using var payload = GuideClaimsTests.Payload(token);
        var forged = payload.RootElement.GetRawText().Replace("\"auszubildender\"", "\"ausbildender\"", StringComparison.Ordinal);
        var tampered = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(forged) + "." + parts[2];
        Assert.NotEqual(token, tampered);
        using var response = await CallAsync(api.Url, "/api/berichte", tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized()
    {
        await using var api = await ApiAsync();
        using var client = new OidcTestClient(world);
        TokenResponse tokens;
        world.Clock.Offset = TimeSpan.FromHours(-1); // issued an hour ago: expired 55 minutes ago, far beyond the clock skew
        try
        {
            tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }

        using var response = await CallAsync(api.Url, "/api/berichte", tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_ID_token_is_not_an_access_token()
    {
        await using var api = await ApiAsync();
        var tokens = await LoginAsync("azubi");
        using var response = await CallAsync(api.Url, "/api/berichte", tokens.IdToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_with_a_bearer_challenge()
    {
        await using var api = await ApiAsync();
        using var http = new HttpClient { BaseAddress = api.Url };
        using var response = await http.GetAsync("api/berichte");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    private async Task<TokenResponse> LoginAsync(string userName)
    {
        using var client = new OidcTestClient(world);
        return await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scopes);
    }

    private static async Task<HttpResponseMessage> CallAsync(Uri api, string path, string accessToken)
    {
        using var http = new HttpClient { BaseAddress = api };
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    private async Task<RunningApi> ApiAsync(string audience = TestWorld.SampleClientId)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var app = BerichtsheftApiApp.Create([], Path.Combine(RepositoryPaths.Root, "samples", "BerichtsheftApi"), new Dictionary<string, string?>
        {
            ["MeineIhk:Authority"] = world.ProviderUrl.ToString(),
            ["MeineIhk:Audiences:0"] = audience,
            ["MeineIhk:RequireHttpsMetadata"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        app.Urls.Add(url.GetLeftPart(UriPartial.Authority));
        await app.StartAsync();
        return new RunningApi(app, url);
    }

    private sealed record RunningApi(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiSampleTestsOnSqlite(SqliteWorld world) : ApiSampleTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ApiSampleTestsOnPostgreSql(PostgreSqlWorld world) : ApiSampleTests(world);
