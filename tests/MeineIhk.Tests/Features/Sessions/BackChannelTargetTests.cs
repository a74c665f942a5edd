using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Sessions;
using MeineIhk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// Issue 15 (ASVS 5.0 1.3.6 SSRF; OpenID Connect Back-Channel Logout 1.0 §2.5 "the OP sends an HTTP POST"): a
/// back-channel logout URI on loopback made the provider POST to a local listener. In Production settings the
/// target is resolved at send time and loopback is refused unless BackChannelLogout:AllowedRanges names it (the
/// sessions tests' world allows 127.0.0.0/8 and is delivered to; see BackChannelLogoutTests).
/// </summary>
public abstract class BackChannelTargetTests(TestWorld world)
{
    [Fact]
    public async Task A_logout_notice_to_a_loopback_listener_is_refused_without_an_allowed_range()
    {
        await using var listener = new LogoutRecorder();
        await listener.StartAsync();
        var clientId = "ssrf-" + Guid.NewGuid().ToString("N")[..8];
        var id = await world.WithDatabaseAsync(async (db, _) =>
        {
            var delivery = new BackChannelLogoutDelivery
            {
                ClientId = clientId,
                LogoutUri = listener.EndpointOf(clientId).ToString(),
                Subject = Guid.NewGuid().ToString(),
                Reason = BackChannelLogoutReason.Logout,
                CreatedAt = world.Now,
                NextAttemptAt = world.Now,
            };
            db.BackChannelLogoutDeliveries.Add(delivery);
            await db.SaveChangesAsync();
            return delivery.Id;
        });

        await world.Provider.Services.GetRequiredService<BackChannelLogoutSender>().SendDueAsync(CancellationToken.None);

        var settled = await SettledAsync(id);
        Assert.Empty(listener.For(clientId));
        Assert.Null(settled.DeliveredAt);
        Assert.NotNull(settled.AbandonedAt); // refused once, not retried
        Assert.StartsWith("refused: 127.0.0.1", settled.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Loopback_link_local_and_private_addresses_of_both_families_are_refused_public_ones_pass()
    {
        var targets = world.Provider.Services.GetRequiredService<BackChannelTargets>();
        foreach (var address in new[] { "127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::" })
        {
            Assert.False(targets.IsAllowed(System.Net.IPAddress.Parse(address)), address);
        }

        foreach (var address in new[] { "193.99.144.80", "2a00:1450:4001:80b::200e" })
        {
            Assert.True(targets.IsAllowed(System.Net.IPAddress.Parse(address)), address);
        }
    }

    private async Task<BackChannelLogoutDelivery> SettledAsync(Guid id)
    {
        for (var i = 0; ; i++)
        {
            var delivery = await world.WithDatabaseAsync((db, _) => db.BackChannelLogoutDeliveries.AsNoTracking().SingleAsync(d => d.Id == id));
            if (delivery.DeliveredAt is not null || delivery.AbandonedAt is not null || delivery.Attempts > 0 || i == 100)
            {
                return delivery;
            }

            await Task.Delay(100);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBackChannelTargetTests(SqliteWorld world) : BackChannelTargetTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlBackChannelTargetTests(PostgreSqlWorld world) : BackChannelTargetTests(world);
