using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Features.Protocol.Discovery;

/// <summary>
/// oidcc-config (OpenID Connect Discovery 1.0 §3, RFC 8414 §2): the document advertises exactly what is implemented,
/// with every URL under the configured issuer; and CORS for browser-based public clients on the protocol endpoints.
/// </summary>
public abstract class DiscoveryTests(TestWorld world)
{
    /// <summary>
    /// The whole document, key by key. A key added or a value changed fails here until someone decides it is true.
    /// prompt_values_supported is pinned as the authorization and consent work leaves it (not this test's subject).
    /// </summary>
    private const string Expected = """
    {
      "issuer": "{issuer}",
      "authorization_endpoint": "{issuer}connect/authorize",
      "token_endpoint": "{issuer}connect/token",
      "introspection_endpoint": "{issuer}connect/introspect",
      "end_session_endpoint": "{issuer}connect/endsession",
      "revocation_endpoint": "{issuer}connect/revoke",
      "userinfo_endpoint": "{issuer}connect/userinfo",
      "jwks_uri": "{issuer}.well-known/jwks",
      "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
      "response_types_supported": ["code"],
      "response_modes_supported": ["form_post", "fragment", "query"],
      "scopes_supported": ["openid", "profile", "email", "offline_access", "ihk.org", "ihk.manage"],
      "claims_supported": ["aud", "exp", "iat", "iss", "sub", "amr", "acr", "name", "given_name", "family_name", "preferred_username",
        "email", "email_verified", "org_id", "org_name", "org_ident", "chamber", "role", "sid"],
      "id_token_signing_alg_values_supported": ["RS256"],
      "code_challenge_methods_supported": ["S256"],
      "subject_types_supported": ["public"],
      "prompt_values_supported": ["consent", "login", "none", "select_account"],
      "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      "introspection_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      "revocation_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"],
      "introspection_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"],
      "revocation_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"],
      "claims_parameter_supported": false,
      "request_parameter_supported": false,
      "request_uri_parameter_supported": false,
      "require_pushed_authorization_requests": false,
      "tls_client_certificate_bound_access_tokens": false,
      "authorization_response_iss_parameter_supported": true,
      "backchannel_logout_supported": true,
      "backchannel_logout_session_supported": true,
      "acr_values_supported": ["urn:meine-ihk:acr:1fa", "urn:meine-ihk:acr:mfa"]
    }
    """;

    [Fact]
    public async Task OidccConfig_the_discovery_document_is_exactly_what_is_implemented()
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        var actual = JsonNode.Parse(await http.GetStringAsync(".well-known/openid-configuration"))!.AsObject();
        var expected = JsonNode.Parse(Expected.Replace("{issuer}", world.ProviderUrl.ToString(), StringComparison.Ordinal))!.AsObject();

        Assert.True(
            expected.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(actual.Select(p => p.Key).Order(StringComparer.Ordinal)),
            "Keys differ. Actual document:\n" + actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        foreach (var (key, value) in expected)
        {
            var sameAsSet = value is JsonArray array
                ? array.Select(v => v!.ToJsonString()).Order(StringComparer.Ordinal).SequenceEqual(actual[key]!.AsArray().Select(v => v!.ToJsonString()).Order(StringComparer.Ordinal))
                : JsonNode.DeepEquals(value, actual[key]);
            Assert.True(sameAsSet, $"{key}: expected {value!.ToJsonString()}, got {actual[key]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task OidccConfig_endpoint_urls_come_from_the_configured_issuer_not_the_Host_header()
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };

        // A foreign Host is refused by the host filter (Hosting/ProxyHeaders); it never shapes a URL.
        using var foreignHost = new HttpRequestMessage(HttpMethod.Get, ".well-known/openid-configuration");
        foreignHost.Headers.Host = "evil.example";
        using var refused = await http.SendAsync(foreignHost);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("evil.example", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A forwarded host other than the issuer's is ignored: the document names the configured issuer.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, ".well-known/openid-configuration");
        forwarded.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await http.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var urls = document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.StartsWith("http", StringComparison.Ordinal))
            .ToList();
        Assert.True(urls.Count >= 8);
        Assert.All(urls, p => Assert.StartsWith(world.ProviderUrl.ToString(), p.Value.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cors_a_registered_web_origin_may_call_discovery_jwks_and_token_and_gets_its_preflight_answered()
    {
        var origin = await PublicClientOriginAsync();
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };

        foreach (var path in new[] { ".well-known/openid-configuration", ".well-known/jwks" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", origin);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }

        foreach (var path in new[] { "connect/token", "connect/userinfo", "connect/revoke", "connect/endsession" })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var answer = await http.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal(origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
            Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
        }

        // The real token request from that origin carries the header too (here refused: no code, but readable by the app).
        using var token = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code" }) };
        token.Headers.Add("Origin", origin);
        using var tokenAnswer = await http.SendAsync(token);
        Assert.Equal(origin, tokenAnswer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Cors_an_unregistered_origin_and_every_other_path_get_no_cors_headers()
    {
        var origin = await PublicClientOriginAsync();
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };

        using (var foreign = new HttpRequestMessage(HttpMethod.Options, "connect/token"))
        {
            foreign.Headers.Add("Origin", "https://evil.example");
            foreign.Headers.Add("Access-Control-Request-Method", "POST");
            using var answer = await http.SendAsync(foreign);
            Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        }

        foreach (var path in new[] { "connect/authorize", "connect/introspect", "anmelden", "api/v1/applications" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", origin);
            using var response = await http.SendAsync(request);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), path);
        }
    }

    [Fact]
    public async Task Cors_web_origins_are_exact_origins_of_public_clients_only()
    {
        var confidential = await world.Registry(r => r.CreateAsync(new ApplicationSettings
        {
            ClientId = "vertraulich-" + Guid.NewGuid().ToString("N")[..8], DisplayNameDe = "V", DisplayNameEn = "C",
            WebOrigins = ["https://app.example.de"],
        }, [], RegistryActor.Operator));
        Assert.Contains(confidential.Errors, e => e.MessageKey == "Applications.Error.WebOriginsPublicOnly");

        foreach (var bad in new[] { "https://app.example.de/", "https://app.example.de/pfad", "http://app.example.de", "https://*.example.de", "https://APP.example.de" })
        {
            var result = await world.Registry(r => r.CreateAsync(PublicSettings("bad-" + Guid.NewGuid().ToString("N")[..8], bad), [], RegistryActor.Operator));
            Assert.Contains(result.Errors, e => e.MessageKey == "Applications.Error.WebOrigin");
        }
    }

    private async Task<string> PublicClientOriginAsync()
    {
        var clientId = "spa-" + Guid.NewGuid().ToString("N")[..8];
        var origin = $"https://{clientId}.example.de:8443";
        await world.Registry(async r =>
        {
            var created = await r.CreateAsync(PublicSettings(clientId, origin), [], RegistryActor.Operator);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors));
            return await r.ApproveAsync(clientId, RegistryActor.Operator);
        });
        return origin;
    }

    private static ApplicationSettings PublicSettings(string clientId, string origin) => new()
    {
        ClientId = clientId,
        DisplayNameDe = "Browser-Anwendung",
        DisplayNameEn = "Browser application",
        ClientType = ApplicationClientType.Public,
        RedirectUris = [$"https://{clientId}.example.de:8443/callback"],
        Scopes = ["openid"],
        WebOrigins = [origin],
    };
}

[Collection(SqliteCollection.Name)]
public sealed class DiscoveryTestsOnSqlite(SqliteWorld world) : DiscoveryTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class DiscoveryTestsOnPostgreSql(PostgreSqlWorld world) : DiscoveryTests(world);
