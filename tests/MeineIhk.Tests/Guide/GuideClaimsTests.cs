using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
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
/// The guide's token response, ID token and access token examples (section 3) against a real login of the
/// demo trainee: every claim named is issued with the value shown, and no claim is issued that the guide does
/// not name (apart from oi_*, which the guide tells relying parties to ignore). Per-claim behaviour (roles of
/// other applications, no role, organisation choice, refresh) is tested in Protocol/ProtocolTests.
/// </summary>
public abstract class GuideClaimsTests(TestWorld world)
{
    private const string Scopes = "openid profile email offline_access ihk.org";

    private static bool Internal(string claim) => claim.StartsWith("oi_", StringComparison.Ordinal);

    [Fact]
    public async Task The_token_response_has_the_shape_of_the_guide()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        JsonShape.AssertMatches(GuideDocument.Example("token-response").Text, tokens.Json, world.ProviderUrl, exactKeys: true);
        Assert.InRange(tokens.Json.GetProperty("expires_in").GetInt32(), 290, 300); // 300 s, counted down while the answer is made
    }

    [Fact]
    public async Task The_ID_token_carries_exactly_the_claims_of_the_guide()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        await client.ValidateAsync(tokens.IdToken!, audience: TestWorld.SampleClientId);
        using var payload = Payload(tokens.IdToken!);
        JsonShape.AssertMatches(GuideDocument.Example("id-token-claims").Text, payload.RootElement, world.ProviderUrl, exactKeys: true, Internal);
        Assert.Equal(300, payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task The_access_token_carries_exactly_the_claims_of_the_guide_and_its_client_as_audience()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var token = await client.ValidateAsync(tokens.AccessToken!, audience: TestWorld.SampleClientId); // RFC 9068 §3: aud
        Assert.Equal("at+jwt", token.Typ);
        using var payload = Payload(tokens.AccessToken!);
        JsonShape.AssertMatches(GuideDocument.Example("access-token-claims").Text, payload.RootElement, world.ProviderUrl, exactKeys: true, Internal);
        Assert.Equal(300, payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Several_roles_arrive_as_an_array_of_role_keys()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender", "ausbildender");
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scopes);
        foreach (var token in new[] { tokens.IdToken!, tokens.AccessToken! })
        {
            using var payload = Payload(token);
            var role = payload.RootElement.GetProperty("role");
            Assert.Equal(JsonValueKind.Array, role.ValueKind);
            Assert.Equal(["ausbildender", "auszubildender"], role.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Userinfo_answers_the_same_claims_with_role_always_as_an_array()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        using var userinfo = await client.UserInfoAsync(tokens.AccessToken!);
        using var idToken = Payload(tokens.IdToken!);
        foreach (var claim in new[] { "sub", "name", "given_name", "family_name", "preferred_username", "email", "email_verified", "org_id", "org_name", "org_ident", "chamber" })
        {
            Assert.Equal(idToken.RootElement.GetProperty(claim).GetRawText(), userinfo.RootElement.GetProperty(claim).GetRawText());
        }

        Assert.Equal("[\"auszubildender\"]", userinfo.RootElement.GetProperty("role").GetRawText());
    }

    [Fact]
    public async Task A_client_credentials_token_has_the_client_as_subject_and_no_user_claims()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.ClientCredentialsAsync(TestWorld.SampleSecret);
        using var payload = Payload(tokens.AccessToken!);
        Assert.Equal(TestWorld.SampleClientId, payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal("Digitales Berichtsheft", payload.RootElement.GetProperty("name").GetString()); // the client's display name
        Assert.Equal(TestWorld.SampleClientId, payload.RootElement.GetProperty("client_id").GetString());
        foreach (var claim in new[] { "given_name", "preferred_username", "email", "org_id", "org_name", "chamber", "role" })
        {
            Assert.False(payload.RootElement.TryGetProperty(claim, out _), claim);
        }
    }

    public static JsonDocument Payload(string jwt) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1])));
}

[Collection(SqliteCollection.Name)]
public sealed class GuideClaimsTestsOnSqlite(SqliteWorld world) : GuideClaimsTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class GuideClaimsTestsOnPostgreSql(PostgreSqlWorld world) : GuideClaimsTests(world);
