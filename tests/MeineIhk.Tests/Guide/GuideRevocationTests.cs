using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// Section 10 of the guide: revoking an access token is answered with unsupported_token_type (it has no row),
/// a revoked refresh token is dead, and the access token lives on until it expires (as the guide says: let it expire).
/// </summary>
public abstract class GuideRevocationTests(TestWorld world)
{
    [Fact]
    public async Task An_access_token_cannot_be_revoked_but_a_refresh_token_can_and_the_access_token_runs_out()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid offline_access ihk.org");

        var (status, body) = await RevokeAsync(tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_token_type", body.RootElement.GetProperty("error").GetString());

        (status, _) = await RevokeAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
        using var introspection = await client.IntrospectAsync(tokens.AccessToken!);
        Assert.True(introspection.RootElement.GetProperty("active").GetBoolean());

        world.Clock.Offset = TimeSpan.FromMinutes(6);
        try
        {
            using var later = await client.IntrospectAsync(tokens.AccessToken!);
            Assert.False(later.RootElement.GetProperty("active").GetBoolean());
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    private async Task<(HttpStatusCode Status, JsonDocument Body)> RevokeAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(TestWorld.SampleClientId + ":" + TestWorld.SampleSecret)));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GuideRevocationTestsOnSqlite(SqliteWorld world) : GuideRevocationTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class GuideRevocationTestsOnPostgreSql(PostgreSqlWorld world) : GuideRevocationTests(world);
