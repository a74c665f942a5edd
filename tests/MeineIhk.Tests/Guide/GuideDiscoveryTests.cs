using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Guide;

/// <summary>"Any other stack": the guide's discovery document (section 9) is the real one, key by key.</summary>
public abstract class GuideDiscoveryTests(TestWorld world)
{
    [Fact]
    public async Task Every_key_and_value_the_guide_states_is_in_the_discovery_document()
    {
        using var client = new OidcTestClient(world);
        using var discovery = await client.DiscoveryAsync();
        JsonShape.AssertMatches(GuideDocument.Example("discovery").Text, discovery.RootElement, world.ProviderUrl, exactKeys: false);
    }

    [Fact]
    public async Task The_JWKS_named_by_discovery_holds_the_public_signing_key_of_the_tokens()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid ihk.org");
        // ValidateAsync reads jwks_uri from discovery and checks the signature with those keys alone.
        var idToken = await client.ValidateAsync(tokens.IdToken!, audience: TestWorld.SampleClientId);
        var accessToken = await client.ValidateAsync(tokens.AccessToken!, audience: null);
        Assert.Equal("RS256", idToken.Alg);
        Assert.Equal("RS256", accessToken.Alg);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GuideDiscoveryTestsOnSqlite(SqliteWorld world) : GuideDiscoveryTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class GuideDiscoveryTestsOnPostgreSql(PostgreSqlWorld world) : GuideDiscoveryTests(world);
