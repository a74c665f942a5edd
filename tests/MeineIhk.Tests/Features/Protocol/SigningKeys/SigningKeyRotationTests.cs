using System.Net;
using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Operations;
using MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.Tests.Features.Protocol.SigningKeys;

/// <summary>A world whose key rotates every 10 days with the next key announced 1 day ahead; nodes refresh only when told.</summary>
public abstract class RotationWorld : TestWorld
{
    public static readonly TimeSpan RotationInterval = TimeSpan.FromDays(10);
    public static readonly TimeSpan AnnouncePeriod = TimeSpan.FromDays(1);

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["SigningKeys:RotationInterval"] = "10.00:00:00",
        ["SigningKeys:AnnouncePeriod"] = "1.00:00:00",
        ["SigningKeys:RefreshInterval"] = "01:00:00",
        ["Logging:LogLevel:MeineIhk.IdentityProvider.Features.Protocol.SigningKeys"] = "Warning",
    };
}

public sealed class SqliteRotationWorld : RotationWorld
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed class PostgreSqlRotationWorld : RotationWorld
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;
}

/// <summary>
/// Issue 15 (ASVS 5.0 11.1.1/11.1.2 key lifecycle, RFC 7517 §5 JWK sets, OIDC Core §10.1.1 "rotation of asymmetric
/// signing keys"): the signing key was created once and never rotated. Now the next key is published before it signs,
/// the old one stays published until its tokens have expired, and an operator can rotate (and withdraw) at once.
/// </summary>
public abstract class SigningKeyRotationTests(RotationWorld world)
{
    [Fact]
    public async Task Tokens_signed_before_and_after_a_rotation_validate_at_a_relying_party_that_caches_the_JWKS()
    {
        var ring = world.Provider.Services.GetRequiredService<SigningKeyRing>();
        using var client = new OidcTestClient(world);
        var before = await AccessTokenAsync(client);
        using var cachingRp = new JwksCache(world.ProviderUrl);
        await cachingRp.LoadAsync();
        Assert.True(cachingRp.Validate(before, out _));

        // The rotation falls due: several nodes look at once, one next key is announced (the database's claim).
        var active = await ActiveKeyAsync();
        world.Clock.Offset += active.SignsFrom + RotationWorld.RotationInterval - RotationWorld.AnnouncePeriod - world.Now + TimeSpan.FromMinutes(1);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ring.RefreshAsync(CancellationToken.None)));
        var announced = await world.WithDatabaseAsync((db, _) => db.ServerKeys.Where(k => k.ActiveFrom > world.Now && k.WithdrawnAt == null).ToListAsync());
        Assert.Single(announced);

        // Announced: in the JWKS, but the old key still signs.
        var during = await AccessTokenAsync(client);
        Assert.Equal(new JsonWebToken(before).Kid, new JsonWebToken(during).Kid);
        using var refreshedInAnnouncePeriod = new JwksCache(world.ProviderUrl);
        await refreshedInAnnouncePeriod.LoadAsync();
        Assert.Equal(2, refreshedInAnnouncePeriod.KeyIds.Count);

        // The next key signs; a relying party that refreshed during the announce period knows it without fetching again.
        world.Clock.Offset += RotationWorld.AnnouncePeriod;
        var after = await AccessTokenAsync(client);
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);
        Assert.True(refreshedInAnnouncePeriod.Validate(after, out _));
        Assert.True(refreshedInAnnouncePeriod.Validate(before, out _));
        Assert.Equal(1, refreshedInAnnouncePeriod.Fetches);

        // One that cached the JWKS before the announcement fetches again on the unknown kid, and both tokens validate.
        Assert.False(cachingRp.Validate(after, out _));
        await cachingRp.LoadAsync();
        Assert.True(cachingRp.Validate(after, out _));
        Assert.True(cachingRp.Validate(before, out _));

        // The old key stays published until every token it signed has expired, then leaves the JWKS.
        world.Clock.Offset += ring.Overlap - TimeSpan.FromMinutes(10);
        await ring.RefreshAsync(CancellationToken.None);
        using var late = new JwksCache(world.ProviderUrl);
        await late.LoadAsync();
        Assert.Contains(new JsonWebToken(before).Kid, late.KeyIds);

        world.Clock.Offset += TimeSpan.FromMinutes(11);
        await ring.RefreshAsync(CancellationToken.None);
        using var afterOverlap = new JwksCache(world.ProviderUrl);
        await afterOverlap.LoadAsync();
        Assert.DoesNotContain(new JsonWebToken(before).Kid, afterOverlap.KeyIds);
        Assert.True(afterOverlap.Validate(await AccessTokenAsync(client), out _));
    }

    [Fact]
    public async Task The_operator_command_rotates_at_once_and_withdraws_the_compromised_key()
    {
        using var client = new OidcTestClient(world);
        var compromised = await AccessTokenAsync(client);
        using (var introspected = await client.IntrospectAsync(compromised))
        {
            Assert.True(introspected.RootElement.GetProperty("active").GetBoolean());
        }

        using var output = new StringWriter();
        var code = await OperatorCommandLine.RunAsync(world.Provider.Services, ["rotate-signing-key", "--withdraw"], TextReader.Null, output);

        Assert.Equal(0, code);
        Assert.Contains($"Key {new JsonWebToken(compromised).Kid} was withdrawn", output.ToString(), StringComparison.Ordinal);
        var next = await AccessTokenAsync(client);
        Assert.NotEqual(new JsonWebToken(compromised).Kid, new JsonWebToken(next).Kid);
        using var rp = new JwksCache(world.ProviderUrl);
        await rp.LoadAsync();
        Assert.DoesNotContain(new JsonWebToken(compromised).Kid, rp.KeyIds);
        Assert.False(rp.Validate(compromised, out _));
        Assert.True(rp.Validate(next, out _));

        // The provider itself no longer accepts the withdrawn key's token (introspection, RFC 7662 §2.2: active false).
        using (var introspected = await client.IntrospectAsync(compromised))
        {
            Assert.False(introspected.RootElement.GetProperty("active").GetBoolean());
        }

        // Without --withdraw the previous key stays published.
        using var quiet = new StringWriter();
        Assert.Equal(0, await OperatorCommandLine.RunAsync(world.Provider.Services, ["rotate-signing-key"], TextReader.Null, quiet));
        using var later = new JwksCache(world.ProviderUrl);
        await later.LoadAsync();
        Assert.Contains(new JsonWebToken(next).Kid, later.KeyIds);
        Assert.True(later.Validate(next, out _));
    }

    [Fact]
    public async Task New_RSA_keys_have_3072_bits_per_BSI_TR_02102_1()
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks"));
        var rsa = jwks.RootElement.GetProperty("keys").EnumerateArray().Where(k => k.GetProperty("kty").GetString() == "RSA").ToList();
        Assert.NotEmpty(rsa);
        Assert.All(rsa, k => Assert.Equal(3072, Base64UrlEncoder.DecodeBytes(k.GetProperty("n").GetString()).Length * 8));
    }

    private static async Task<string> AccessTokenAsync(OidcTestClient client)
    {
        var response = await client.ClientCredentialsAsync(TestWorld.SampleSecret);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.AccessToken!;
    }

    private Task<ServerKey> ActiveKeyAsync() => world.WithDatabaseAsync(async (db, _) =>
        (await db.ServerKeys.Where(k => k.ActiveFrom != null && k.WithdrawnAt == null).ToListAsync())
            .Where(k => k.SignsFrom <= world.Now).OrderByDescending(k => k.SignsFrom).First());

    /// <summary>A relying party's JWKS cache: fetched when told (at start, on a schedule or on an unknown kid).</summary>
    private sealed class JwksCache(Uri issuer) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = issuer };
        private JsonWebKeySet _keys = new();

        public int Fetches { get; private set; }

        public IReadOnlyList<string> KeyIds => [.. _keys.Keys.Select(k => k.Kid)];

        public async Task LoadAsync()
        {
            _keys = new JsonWebKeySet(await _http.GetStringAsync(".well-known/jwks"));
            Fetches++;
        }

        public bool Validate(string token, out Exception? error)
        {
            var result = new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
            {
                IssuerSigningKeys = _keys.GetSigningKeys(),
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = false, // the test moves the provider's clock by days; signatures are the point here
            }).GetAwaiter().GetResult();
            error = result.Exception;
            return result.IsValid;
        }

        public void Dispose() => _http.Dispose();
    }
}

public sealed class SqliteSigningKeyRotationTests(SqliteRotationWorld world) : SigningKeyRotationTests(world), IClassFixture<SqliteRotationWorld>;

public sealed class PostgreSqlSigningKeyRotationTests(PostgreSqlRotationWorld world) : SigningKeyRotationTests(world), IClassFixture<PostgreSqlRotationWorld>;
