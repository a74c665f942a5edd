using System.Net;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Data;

/// <summary>
/// The production database of the chambers. The world (container start, migrations, demo data) is built
/// inside the test, so that without a Docker engine the test is skipped with the reason, not failed.
/// </summary>
public sealed class SqlServerTests
{
    [SqlServerFact]
    public async Task The_whole_token_contract_holds_on_SQL_Server()
    {
        var world = new SqlServerWorld();
        await world.InitializeAsync();
        try
        {
            using var client = new OidcTestClient(world);
            var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid profile offline_access ihk.org");
            var token = await client.ValidateAsync(tokens.AccessToken!, null);
            Assert.Equal(["auszubildender"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));

            var refreshed = await client.RefreshAsync(tokens.RefreshToken!);
            Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}
