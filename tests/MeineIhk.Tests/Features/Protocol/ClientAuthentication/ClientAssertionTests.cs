using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.Tests.Features.Protocol.ClientAuthentication;

/// <summary>private_key_jwt (RFC 7523 §3, OIDC Core §9): a confidential client signs a short-lived, single-use assertion.</summary>
public abstract class ClientAssertionTests(TestWorld world)
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    [Fact]
    public async Task Rfc7523_a_client_authenticates_with_an_assertion_signed_by_its_registered_key()
    {
        using var key = new ClientKey();
        var clientId = await RegisterAsync(s => s with { JsonWebKeySet = key.PublicJwks });
        var response = await TokenAsync(clientId, key.Assertion(clientId, Issuer));
        Assert.True(response.Status == HttpStatusCode.OK, response.Json.ToString());
        Assert.Equal([clientId], ConformanceClients.Audiences(response.AccessToken!));
    }

    [Fact]
    public async Task Rfc7523_replayed_client_assertion_is_refused()
    {
        using var key = new ClientKey();
        var clientId = await RegisterAsync(s => s with { JsonWebKeySet = key.PublicJwks });
        var assertion = key.Assertion(clientId, Issuer);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(clientId, assertion)).Status);

        var replay = await TokenAsync(clientId, assertion);
        Assert.Equal("invalid_client", replay.Error);
    }

    [Fact]
    public async Task Rfc7523_an_assertion_for_another_audience_an_expired_one_and_one_without_jti_are_refused()
    {
        using var key = new ClientKey();
        var clientId = await RegisterAsync(s => s with { JsonWebKeySet = key.PublicJwks });

        Assert.Equal("invalid_client", (await TokenAsync(clientId, key.Assertion(clientId, "https://evil.example/"))).Error);

        // RFC 7523bis §4 (CVE-2025-27370/27371): only the issuer identifies us; the token endpoint URL is no longer taken,
        // and the assertion is typed client-authentication+jwt, so no other JWT of the client can pass for one.
        Assert.Equal("invalid_client", (await TokenAsync(clientId, key.Assertion(clientId, TokenEndpoint))).Error);
        Assert.Equal("invalid_client", (await TokenAsync(clientId, key.Assertion(clientId, Issuer, type: "JWT"))).Error);
        Assert.Equal("invalid_client", (await TokenAsync(clientId, key.Assertion(clientId, Issuer, expires: DateTime.UtcNow.AddMinutes(-5)))).Error);
        Assert.Equal("invalid_client", (await TokenAsync(clientId, key.Assertion(clientId, Issuer, jti: false))).Error);
        Assert.Equal("invalid_client", (await TokenAsync(clientId, key.Assertion(clientId, Issuer, expires: DateTime.UtcNow.AddDays(1)))).Error);
    }

    [Fact]
    public async Task Rfc7523_an_assertion_signed_by_another_key_or_naming_another_client_is_refused()
    {
        using var key = new ClientKey();
        using var stranger = new ClientKey();
        var clientId = await RegisterAsync(s => s with { JsonWebKeySet = key.PublicJwks });
        Assert.Equal("invalid_client", (await TokenAsync(clientId, stranger.Assertion(clientId, Issuer))).Error);

        // iss/sub name the sample application, signed with this client's key: no client may speak for another.
        var forged = key.Assertion(TestWorld.SampleClientId, Issuer);
        Assert.Equal("invalid_client", (await TokenAsync(TestWorld.SampleClientId, forged)).Error);
    }

    [Fact]
    public async Task Rfc7523_keys_can_be_read_from_the_registered_jwks_uri()
    {
        using var key = new ClientKey();
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        await using var keyServer = WebApplication.CreateBuilder().Build();
        keyServer.MapGet("/jwks", () => Results.Text(key.PublicJwks, "application/json"));
        keyServer.Urls.Add(url.GetLeftPart(UriPartial.Authority));
        await keyServer.StartAsync();

        var clientId = await RegisterAsync(s => s with { JwksUri = new Uri(url, "jwks").ToString() });
        var response = await TokenAsync(clientId, key.Assertion(clientId, Issuer));
        Assert.True(response.Status == HttpStatusCode.OK, response.Json.ToString());
    }

    [Fact]
    public async Task Rfc7523_a_private_key_a_public_client_or_two_key_sources_cannot_be_registered()
    {
        using var key = new ClientKey();
        var withPrivate = await world.Registry(r => r.CreateAsync(Settings() with { JsonWebKeySet = key.PrivateJwks }, [], RegistryActor.Operator));
        Assert.Contains(withPrivate.Errors, e => e.MessageKey == "Applications.Error.JsonWebKeySetPrivate");

        var publicClient = await world.Registry(r => r.CreateAsync(Settings() with
        {
            ClientType = ApplicationClientType.Public, RedirectUris = ["https://spa.example.de/cb"], Scopes = ["openid"], JsonWebKeySet = key.PublicJwks,
        }, [], RegistryActor.Operator));
        Assert.Contains(publicClient.Errors, e => e.MessageKey == "Applications.Error.KeysConfidentialOnly");

        var both = await world.Registry(r => r.CreateAsync(Settings() with { JsonWebKeySet = key.PublicJwks, JwksUri = "https://keys.example.de/jwks" }, [], RegistryActor.Operator));
        Assert.Contains(both.Errors, e => e.MessageKey == "Applications.Error.KeysOneSource");

        var garbage = await world.Registry(r => r.CreateAsync(Settings() with { JsonWebKeySet = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}" }, [], RegistryActor.Operator));
        Assert.Contains(garbage.Errors, e => e.MessageKey == "Applications.Error.JsonWebKeySet");
    }

    private string TokenEndpoint => new Uri(world.ProviderUrl, "connect/token").ToString();

    private string Issuer => world.ProviderUrl.ToString();

    private static ApplicationSettings Settings() => new()
    {
        ClientId = "jwt-" + Guid.NewGuid().ToString("N")[..8], DisplayNameDe = "Schlüssel", DisplayNameEn = "Keys",
    };

    private async Task<string> RegisterAsync(Func<ApplicationSettings, ApplicationSettings> keys) =>
        (await ConformanceClients.ConfidentialAsync(world, "jwt", s => keys(s with { RedirectUris = [], Scopes = [] }))).ClientId;

    private async Task<TokenResponse> TokenAsync(string clientId, string assertion)
    {
        using var client = new OidcTestClient(world, clientId, clientSecret: null);
        return await client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = assertion,
        });
    }

    private sealed class ClientKey : IDisposable
    {
        private readonly RSA _rsa = RSA.Create(2048);
        private readonly string _keyId = Guid.NewGuid().ToString("N")[..8];

        public string PublicJwks => Jwks(includePrivate: false);

        public string PrivateJwks => Jwks(includePrivate: true);

        public string Assertion(string clientId, string audience, DateTime? expires = null, bool jti = true, string type = "client-authentication+jwt")
        {
            var claims = new Dictionary<string, object> { ["sub"] = clientId };
            if (jti)
            {
                claims["jti"] = Guid.NewGuid().ToString("N");
            }

            var exp = expires ?? DateTime.UtcNow.AddMinutes(2);
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = clientId,
                Audience = audience,
                Claims = claims,
                IssuedAt = exp.AddMinutes(-3),
                NotBefore = exp.AddMinutes(-3),
                Expires = exp,
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
                TokenType = type,
            });
        }

        private string Jwks(bool includePrivate)
        {
            var p = _rsa.ExportParameters(includePrivate);
            var key = new Dictionary<string, string>
            {
                ["kty"] = "RSA", ["kid"] = _keyId, ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
            if (includePrivate)
            {
                key["d"] = Base64UrlEncoder.Encode(p.D);
                key["p"] = Base64UrlEncoder.Encode(p.P);
                key["q"] = Base64UrlEncoder.Encode(p.Q);
            }

            return JsonSerializer.Serialize(new { keys = new[] { key } });
        }

        public void Dispose() => _rsa.Dispose();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClientAssertionTestsOnSqlite(SqliteWorld world) : ClientAssertionTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ClientAssertionTestsOnPostgreSql(PostgreSqlWorld world) : ClientAssertionTests(world);
