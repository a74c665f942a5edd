using System.Net;
using Microsoft.IdentityModel.Tokens;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol.SigningKeys;

/// <summary>A world whose provider signs with ES256 (Tokens:SigningAlgorithm).</summary>
public sealed class Es256World : TestWorld
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Tokens:SigningAlgorithm"] = "ES256" };
}

public sealed class Es256Tests(Es256World world) : IClassFixture<Es256World>
{
    [Fact]
    public async Task With_ES256_every_token_is_signed_with_the_P256_key_of_the_JWKS()
    {
        using var client = new OidcTestClient(world);
        using var discovery = await client.DiscoveryAsync();
        Assert.Contains("ES256", discovery.RootElement.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));

        var tokens = await client.LoginAndRedeemAsync("azubi", Password(), "openid profile offline_access ihk.org");
        var accessToken = await client.ValidateAsync(tokens.AccessToken!, null, SecurityAlgorithms.EcdsaSha256);
        await client.ValidateAsync(tokens.IdToken!, TestWorld.SampleClientId, SecurityAlgorithms.EcdsaSha256);
        Assert.Equal(["auszubildender"], accessToken.Claims.Where(c => c.Type == "role").Select(c => c.Value));

        var refreshed = await client.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        await client.ValidateAsync(refreshed.AccessToken!, null, SecurityAlgorithms.EcdsaSha256);

        var credentials = await client.ClientCredentialsAsync(TestWorld.SampleSecret);
        await client.ValidateAsync(credentials.AccessToken!, null, SecurityAlgorithms.EcdsaSha256);
    }

    private static string Password() => TestWorld.Password;
}
