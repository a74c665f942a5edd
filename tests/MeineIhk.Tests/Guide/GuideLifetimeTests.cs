using System.Net;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// Section 1 of the guide: refresh tokens rotate and live at most 12 hours from the login however often they
/// are rotated. (Access and ID token lifetimes: GuideClaimsTests; codes: ProtocolErrorTests; reuse of a
/// rotated refresh token: ProtocolTests and TokenPathTests.)
/// </summary>
public abstract class GuideLifetimeTests(TestWorld world)
{
    [Fact]
    public async Task A_refresh_token_rotates_on_every_use_and_ends_12_hours_after_the_login()
    {
        using var client = new OidcTestClient(world);
        try
        {
            var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid offline_access ihk.org");
            var refreshToken = tokens.RefreshToken!;
            foreach (var hours in new[] { 4, 8, 11.5 })
            {
                world.Clock.Offset = TimeSpan.FromHours(hours);
                var refreshed = await client.RefreshAsync(refreshToken);
                Assert.True(refreshed.Status == HttpStatusCode.OK, $"after {hours} h: {refreshed.Json}");
                Assert.NotEqual(refreshToken, refreshed.RefreshToken);
                refreshToken = refreshed.RefreshToken!;
            }

            world.Clock.Offset = TimeSpan.FromHours(12) + TimeSpan.FromMinutes(5);
            var late = await client.RefreshAsync(refreshToken);
            Assert.Equal("invalid_grant", late.Error);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GuideLifetimeTestsOnSqlite(SqliteWorld world) : GuideLifetimeTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class GuideLifetimeTestsOnPostgreSql(PostgreSqlWorld world) : GuideLifetimeTests(world);
