using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol;

/// <summary>Bad input gets the standard OAuth error, never a redirect to an unregistered place, and changes nothing.</summary>
public abstract class ProtocolErrorTests(TestWorld world)
{
    private const string Scopes = "openid profile ihk.org offline_access";

    [Fact]
    public async Task An_unknown_client_gets_an_error_page_at_authorize_and_invalid_client_at_token()
    {
        using var client = new OidcTestClient(world, "gibt-es-nicht", clientSecret: "x");
        await AssertErrorPageAsync(await client.StartAuthorizeAsync(Scopes), "invalid_request");

        var tokens = await client.ClientCredentialsAsync("x");
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_invalid_client()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.ClientCredentialsAsync("falsches-geheimnis");
        Assert.Contains(tokens.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("invalid_client", tokens.Error);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_an_error_page_and_never_a_redirect()
    {
        using var client = new OidcTestClient(world, redirectUri: new Uri("https://angreifer.example/callback"));
        await AssertErrorPageAsync(await client.StartAuthorizeAsync(Scopes), "invalid_request");
    }

    [Fact]
    public async Task A_missing_or_wrong_PKCE_verifier_is_refused_and_the_code_stays_unusable_for_others()
    {
        using var client = new OidcTestClient(world);
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, Scopes);
        var code = OidcTestClient.CodeFrom(hop.Redirect!);

        var wrong = await client.RedeemAsync(code, verifier: new string('a', 43));
        Assert.Equal("invalid_grant", wrong.Error);

        var missing = await client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = world.SampleRedirectUri.ToString(),
        });
        // RFC 6749 5.2: a missing required parameter is invalid_request (a wrong verifier, above, is invalid_grant).
        Assert.Equal("invalid_request", missing.Error);
        Assert.Null(missing.AccessToken);
    }

    [Fact]
    public async Task Authorize_without_PKCE_is_refused_at_the_clients_redirect_uri()
    {
        // RFC 9700 §2.1.1: PKCE is required by default; RFC 6749 §4.1.2.1: the redirect URI is verified, so the error goes there.
        using var client = new OidcTestClient(world);
        var url = client.AuthorizeUrl(Scopes).ToString();
        var withoutPkce = QueryHelpers.ParseQuery(new Uri(url).Query)
            .Where(p => !p.Key.StartsWith("code_challenge", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        var response = await client.Browser.GetAsync(QueryHelpers.AddQueryString("connect/authorize", withoutPkce));

        Assert.Equal("invalid_request", ErrorAtRedirectUri(response));
    }

    [Fact]
    public async Task A_plain_PKCE_challenge_is_refused()
    {
        // S256 only (RFC 9700 §2.1.1), refused at the verified redirect URI.
        using var client = new OidcTestClient(world);
        var response = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["code_challenge_method"] = "plain" });

        Assert.Equal("invalid_request", ErrorAtRedirectUri(response));
    }

    [Fact]
    public async Task A_code_used_twice_is_invalid_grant_and_revokes_the_tokens_of_the_first_use()
    {
        using var client = new OidcTestClient(world);
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, Scopes);
        var code = OidcTestClient.CodeFrom(hop.Redirect!);
        var first = await client.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var second = await client.RedeemAsync(code);
        Assert.Equal("invalid_grant", second.Error);

        Assert.Equal("invalid_grant", (await client.RefreshAsync(first.RefreshToken!)).Error);
        using var introspection = await client.IntrospectAsync(first.AccessToken!);
        Assert.False(introspection.RootElement.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task An_expired_code_is_invalid_grant()
    {
        using var client = new OidcTestClient(world);
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, Scopes);
        var code = OidcTestClient.CodeFrom(hop.Redirect!);

        world.Clock.Offset = TimeSpan.FromMinutes(3);
        try
        {
            Assert.Equal("invalid_grant", (await client.RedeemAsync(code)).Error);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task An_unsupported_grant_type_is_refused()
    {
        using var client = new OidcTestClient(world);
        var password = await client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "azubi",
            ["password"] = TestWorld.Password,
        });
        Assert.Equal("unsupported_grant_type", password.Error);
    }

    [Fact]
    public async Task An_unknown_scope_is_ignored()
    {
        // OIDC Core §3.1.2.1 / §5.4 (formerly invalid_scope on the provider's page).
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid admin.alles");

        Assert.DoesNotContain("admin.alles", tokens.Json.GetProperty("scope").GetString()!.Split(' '));
    }

    [Fact]
    public async Task An_unregistered_post_logout_redirect_uri_gets_an_error_page_and_the_session_stays()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);

        var response = await client.Browser.GetAsync(QueryHelpers.AddQueryString("connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = "https://angreifer.example/",
        }));

        await AssertErrorPageAsync(response, "invalid_request");
        var stillLoggedIn = await client.StartAuthorizeAsync(Scopes);
        Assert.StartsWith(world.SampleRedirectUri.ToString(), stillLoggedIn.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_token_requests_create_no_token_rows()
    {
        var before = await world.WithDatabaseAsync(async (db, _) => await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().CountAsync());
        using var client = new OidcTestClient(world);
        await client.ClientCredentialsAsync("falsches-geheimnis");
        await client.RedeemAsync("kein-echter-code");
        await client.RefreshAsync("kein-echtes-token");
        var after = await world.WithDatabaseAsync(async (db, _) => await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().CountAsync());
        Assert.Equal(before, after);
    }

    private string ErrorAtRedirectUri(HttpResponseMessage response)
    {
        Assert.True(HtmlPage.IsRedirect(response), $"Expected a redirect to the client, got {(int)response.StatusCode}");
        var location = new Uri(world.ProviderUrl, response.Headers.Location!);
        Assert.Equal(world.SampleRedirectUri.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        return OidcTestClient.Query(location)["error"];
    }

    /// <summary>
    /// Errors found before the redirect URI is verified are shown on meine ihk's own page (HTTP 400) with
    /// the standard code: sending them to an unverified address would make the provider an open redirector.
    /// </summary>
    private static async Task AssertErrorPageAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await HtmlPage.ReadAsync(response);
        Assert.Equal("Ungültige Anfrage", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(error, page.Document.QuerySelector("dd code")!.TextContent.Trim());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProtocolErrorTestsOnSqlite(SqliteWorld world) : ProtocolErrorTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ProtocolErrorTestsOnPostgreSql(PostgreSqlWorld world) : ProtocolErrorTests(world);
