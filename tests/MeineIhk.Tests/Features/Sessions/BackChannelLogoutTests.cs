using System.Net;
using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations;
using MeineIhk.Tests.Features.Organisations.Invitations;
using MeineIhk.Tests.Features.Organisations.Members;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 at the provider: when a session or a person's access ends, every
/// application concerned receives a signed logout token at its registered URI, retried while it is down.
/// </summary>
public abstract class BackChannelLogoutTests(SessionsWorld sessions)
{
    private const string Scope = "openid profile offline_access ihk.org";

    private TestWorld World => sessions.World;

    [Fact]
    public async Task Discovery_advertises_back_channel_logout_with_session_ids_and_no_front_channel_logout()
    {
        using var client = new OidcTestClient(World);
        using var discovery = await client.DiscoveryAsync();
        var root = discovery.RootElement;

        Assert.True(root.GetProperty("backchannel_logout_supported").GetBoolean());
        Assert.True(root.GetProperty("backchannel_logout_session_supported").GetBoolean());
        Assert.False(root.TryGetProperty("frontchannel_logout_supported", out var front) && front.ValueKind == JsonValueKind.True);
        Assert.Contains("sid", root.GetProperty("claims_supported").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Logout_at_the_provider_posts_a_signed_logout_token_naming_the_session_of_the_id_token()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.RecordedClientA}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientA);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        var sid = LogoutTokens.SessionIdOf(tokens);
        Assert.False(string.IsNullOrEmpty(sid));

        // The sid survives a refresh.
        var refreshed = await client.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(sid, LogoutTokens.SessionIdOf(refreshed));

        await LogOutAtProviderAsync(client.Session);

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal(SessionsWorld.RecordedClientA, delivery.ClientId);
        Assert.Equal(BackChannelLogoutReason.Logout, delivery.Reason);
        Assert.NotNull(delivery.DeliveredAt);
        Assert.Equal(1, delivery.Attempts);

        var received = Assert.Single(ReceivedFor(SessionsWorld.RecordedClientA, userId));
        Assert.Equal("application/x-www-form-urlencoded", received.ContentType.Split(';')[0]);
        var token = await LogoutTokens.ValidateAsync(World, received.LogoutToken, SessionsWorld.RecordedClientA);
        Assert.Equal("logout+jwt", token.Typ);
        Assert.Equal(userId, token.Subject);
        Assert.Equal(sid, token.GetPayloadValue<string>("sid"));
        var payload = LogoutTokens.Payload(received.LogoutToken);
        Assert.Equal(JsonValueKind.Object, payload.GetProperty("events").GetProperty(LogoutTokens.EventType).ValueKind);
        Assert.False(payload.TryGetProperty("nonce", out _));
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));
        Assert.True(payload.GetProperty("exp").GetInt64() > payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Locking_the_account_tells_every_application_with_a_session_without_naming_a_session()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.RecordedClientA}:nutzer", $"{SessionsWorld.RecordedClientB}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var atA = RecordedClient(SessionsWorld.RecordedClientA);
        using var atB = RecordedClient(SessionsWorld.RecordedClientB);
        await atA.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        await atB.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        var lockPage = await atA.Session.PageAsync("konto/sperren");
        await atA.Session.FollowAsync(await atA.Session.SubmitAsync(lockPage.Form("main form")));

        var deliveries = await sessions.SettledDeliveriesAsync(userId, 2);
        Assert.Equal([SessionsWorld.RecordedClientA, SessionsWorld.RecordedClientB], deliveries.Select(d => d.ClientId));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(BackChannelLogoutReason.AccountLocked, d.Reason);
            Assert.Null(d.SessionId);
            Assert.NotNull(d.DeliveredAt);
        });
        foreach (var client in new[] { SessionsWorld.RecordedClientA, SessionsWorld.RecordedClientB })
        {
            var token = await LogoutTokens.ValidateAsync(World, Assert.Single(ReceivedFor(client, userId)).LogoutToken, client);
            Assert.False(token.TryGetPayloadValue<string>("sid", out _));
            Assert.Equal(userId, token.Subject);
        }
    }

    [Fact]
    public async Task Deleting_the_account_tells_the_applications_with_a_session()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.RecordedClientB}:leser");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientB);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        var deletePage = await client.Session.PageAsync("konto/loeschen");
        var done = (await client.Session.FollowAsync(await client.Session.SubmitAsync(
            deletePage.Form("main form", new Dictionary<string, string> { ["Password"] = TestWorld.Password })))).RequiredPage;
        Assert.Equal("/konto/geloescht", done.RequestUri.AbsolutePath);

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.RecordedClientB, BackChannelLogoutReason.AccountDeleted), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
        var token = await LogoutTokens.ValidateAsync(World, Assert.Single(ReceivedFor(SessionsWorld.RecordedClientB, userId)).LogoutToken, SessionsWorld.RecordedClientB);
        Assert.Equal(userId, token.Subject);
    }

    [Fact]
    public async Task Withdrawing_the_last_role_at_an_application_tells_that_application_only_and_ends_its_refresh_tokens()
    {
        var (organisation, userName, membershipId) = await MemberOfNewOrganisationAsync(
            $"{SessionsWorld.RecordedClientA}:nutzer", $"{SessionsWorld.RecordedClientB}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var atA = RecordedClient(SessionsWorld.RecordedClientA);
        using var atB = RecordedClient(SessionsWorld.RecordedClientB);
        var tokensA = await atA.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        var tokensB = await atB.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        await WithdrawAsync(organisation, membershipId, SessionsWorld.RecordedClientA, "nutzer");

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.RecordedClientA, BackChannelLogoutReason.LastRoleLost), (delivery.ClientId, delivery.Reason));
        Assert.Null(delivery.SessionId);
        Assert.NotNull(delivery.DeliveredAt);
        Assert.Empty(ReceivedFor(SessionsWorld.RecordedClientB, userId));

        // Refresh stops at once at the application that lost the role, not at the other one.
        Assert.Equal("invalid_grant", (await atA.RefreshAsync(tokensA.RefreshToken!)).Error);
        Assert.Equal(HttpStatusCode.OK, (await atB.RefreshAsync(tokensB.RefreshToken!)).Status);
    }

    [Fact]
    public async Task A_refresh_that_redeems_the_token_while_the_last_role_is_withdrawn_wins_and_the_withdrawal_changes_nothing()
    {
        var (organisation, userName, membershipId) = await MemberOfNewOrganisationAsync($"{SessionsWorld.RecordedClientA}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientA);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        var refresh = new RedeemWhileSaving(World, userId);

        // The withdrawal has read the user's valid tokens; the refresh redeems them before the withdrawal writes.
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => World.WithDatabaseAsync(async (pooled, services) =>
        {
            await using var db = ContextWith(pooled, services, refresh);
            var membership = await db.Memberships.Include(m => m.Roles).ThenInclude(r => r.Role).SingleAsync(m => m.Id == membershipId);
            membership.WithdrawRole(membership.Roles.Single().Role);
            await db.SaveChangesAsync();
            return true;
        }));

        Assert.True(refresh.Redeemed);
        Assert.Equal(["nutzer"], await World.RolesOfAsync(organisation.Id, userName));
        Assert.Empty(await sessions.DeliveriesAsync(userId));
        Assert.DoesNotContain(Statuses.Revoked, await StatusesAsync(userId)); // the authorization stays valid
    }

    [Fact]
    public async Task A_refresh_that_read_the_token_before_the_last_role_was_withdrawn_cannot_redeem_it_afterwards()
    {
        var (organisation, userName, membershipId) = await MemberOfNewOrganisationAsync($"{SessionsWorld.RecordedClientA}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientA);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => World.WithDatabaseAsync(async db =>
        {
            var read = await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId && t.Status == Statuses.Valid).ToListAsync();
            Assert.NotEmpty(read);
            await WithdrawAsync(organisation, membershipId, SessionsWorld.RecordedClientA, "nutzer");
            foreach (var token in read)
            {
                token.Status = Statuses.Redeemed;
                token.ConcurrencyToken = Guid.NewGuid().ToString();
            }

            await db.SaveChangesAsync();
        }));

        Assert.Empty(await World.RolesOfAsync(organisation.Id, userName));
        Assert.Single(await sessions.DeliveriesAsync(userId));
        Assert.DoesNotContain(Statuses.Valid, await StatusesAsync(userId));
    }

    [Fact]
    public async Task Withdrawing_one_of_two_roles_at_an_application_tells_nobody()
    {
        var (organisation, userName, membershipId) = await MemberOfNewOrganisationAsync(
            $"{SessionsWorld.RecordedClientA}:nutzer", $"{SessionsWorld.RecordedClientA}:leser");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientA);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        await WithdrawAsync(organisation, membershipId, SessionsWorld.RecordedClientA, "leser");

        Assert.Empty(await sessions.DeliveriesAsync(userId)); // queued in the saving transaction, so none now means none at all
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(tokens.RefreshToken!)).Status);
    }

    [Fact]
    public async Task Removing_the_member_from_the_organisation_tells_the_applications_where_the_roles_were()
    {
        var (organisation, userName, membershipId) = await MemberOfNewOrganisationAsync($"{SessionsWorld.RecordedClientB}:leser");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientB);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        using var admin = await World.LoggedInAsync(organisation.AdminUserName);
        var page = await admin.PageAsync(TestDataBuilder.MembersPath(organisation.Id));
        await admin.AfterAsync(admin.PostAsync(page, TestDataBuilder.MemberSelector(membershipId, "Remove")));

        Assert.Null(await World.MembershipAsync(organisation.Id, userName));
        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.RecordedClientB, BackChannelLogoutReason.LastRoleLost), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
    }

    [Fact]
    public async Task Deleting_the_organisation_tells_the_applications_where_its_members_held_roles()
    {
        var (organisation, userName, _) = await MemberOfNewOrganisationAsync($"{SessionsWorld.RecordedClientA}:leser");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientA);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        using var admin = await World.LoggedInAsync(organisation.AdminUserName);
        var confirm = await admin.PageAsync($"organisationen/{organisation.Id}/loeschen");
        await admin.FollowAsync(await admin.SubmitAsync(confirm.Form("#inhalt form[method=post]",
            new Dictionary<string, string> { ["Confirmation"] = organisation.Firmierung })));

        Assert.Null(await World.MembershipAsync(organisation.Id, userName));
        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.RecordedClientA, BackChannelLogoutReason.LastRoleLost), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
    }

    [Fact]
    public async Task Removing_a_role_from_the_catalogue_tells_the_application_for_members_who_held_only_that_role()
    {
        var key = "befristet-" + Guid.NewGuid().ToString("N")[..6];
        await World.WithDatabaseAsync(async db =>
        {
            var application = await db.Fachanwendungen.Include(f => f.Roles).SingleAsync(f => f.ClientId == SessionsWorld.RecordedClientB);
            application.AddRole(key, key, key);
            await db.SaveChangesAsync();
        });
        var (_, userName, _) = await MemberOfNewOrganisationAsync($"{SessionsWorld.RecordedClientB}:{key}");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientB);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        // As the role catalogue's removal does it: the role leaves the catalogue, the database removes it from every member.
        await World.WithDatabaseAsync(async db =>
        {
            var application = await db.Fachanwendungen.Include(f => f.Roles).SingleAsync(f => f.ClientId == SessionsWorld.RecordedClientB);
            application.Roles.Remove(application.RoleByKey(key));
            await db.SaveChangesAsync();
        });

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.RecordedClientB, BackChannelLogoutReason.LastRoleLost), (delivery.ClientId, delivery.Reason));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Disabling_an_application_tells_it_that_every_open_session_ends()
    {
        var clientId = "protokoll-" + Guid.NewGuid().ToString("N")[..6];
        await sessions.RegisterAsync(clientId, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(clientId),
            new Uri(sessions.Recorder.Url, "bye/" + clientId), sessions.Recorder.EndpointOf(clientId), "nutzer");
        World.Provider.Services.GetRequiredService<ClientRules>().Forget();
        var (_, userName, _) = await MemberOfNewOrganisationAsync($"{clientId}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(clientId);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        await World.WithDatabaseAsync(async db =>
        {
            (await db.Fachanwendungen.SingleAsync(f => f.ClientId == clientId)).Disable();
            await db.SaveChangesAsync();
        });

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((clientId, BackChannelLogoutReason.ApplicationDisabled), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
        await LogoutTokens.ValidateAsync(World, Assert.Single(ReceivedFor(clientId, userId)).LogoutToken, clientId);
    }

    [Fact]
    public async Task An_application_that_is_down_gets_the_notice_again_after_the_back_off()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.RecordedClientB}:nutzer");
        var userId = await sessions.UserIdAsync(userName);
        using var client = RecordedClient(SessionsWorld.RecordedClientB);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        sessions.Recorder.AnswerNext(SessionsWorld.RecordedClientB, HttpStatusCode.ServiceUnavailable);

        await LogOutAtProviderAsync(client.Session);

        var failed = await WaitForAsync(userId, d => d.Attempts == 1);
        Assert.Null(failed.DeliveredAt);
        Assert.Equal("HTTP 503", failed.LastError);
        Assert.True(failed.NextAttemptAt > failed.CreatedAt, "The next attempt waits for the back-off.");

        // The back-off (10 s after the first failure) passes on the provider's clock.
        World.Clock.Offset += TimeSpan.FromSeconds(15);
        var delivered = await WaitForAsync(userId, d => d.DeliveredAt is not null);

        Assert.Equal(2, delivered.Attempts);
        Assert.Null(delivered.AbandonedAt);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], ReceivedFor(SessionsWorld.RecordedClientB, userId).Select(r => r.Answer));
    }

    private Task<List<string?>> StatusesAsync(string userId) =>
        World.WithDatabaseAsync((db, _) => db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId).Select(t => t.Status)
            .Concat(db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId).Select(a => a.Status))
            .ToListAsync());

    /// <summary>A context like the provider's, with one more interceptor that runs after the provider's own.</summary>
    private static ApplicationDbContext ContextWith(ApplicationDbContext pooled, IServiceProvider services, IInterceptor interceptor)
    {
        var type = pooled.GetType();
        var options = (DbContextOptions)services.GetRequiredService(typeof(DbContextOptions<>).MakeGenericType(type));
        return (ApplicationDbContext)Activator.CreateInstance(type, new DbContextOptionsBuilder(options).AddInterceptors(interceptor).Options)!;
    }

    /// <summary>Plays a refresh token request that redeems the user's tokens in the middle of another save.</summary>
    private sealed class RedeemWhileSaving(TestWorld world, string userId) : SaveChangesInterceptor
    {
        public bool Redeemed { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Redeemed)
            {
                Redeemed = true;
                await world.WithDatabaseAsync(async db =>
                {
                    foreach (var token in await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId && t.Status == Statuses.Valid).ToListAsync(cancellationToken))
                    {
                        token.Status = Statuses.Redeemed;
                        token.ConcurrencyToken = Guid.NewGuid().ToString();
                    }

                    await db.SaveChangesAsync(cancellationToken);
                });
            }

            return result;
        }
    }

    private OidcTestClient RecordedClient(string clientId) =>
        new(World, clientId, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(clientId));

    private List<LogoutRecorder.Received> ReceivedFor(string clientId, string userId) =>
        sessions.Recorder.For(clientId).Where(r => LogoutTokens.Subject(r.LogoutToken) == userId).ToList();

    private static async Task LogOutAtProviderAsync(BrowserSession browser)
    {
        var page = await browser.PageAsync("abmelden");
        await browser.FollowAsync(await browser.SubmitAsync(page.Form("main form")));
    }

    private async Task<BackChannelLogoutDelivery> WaitForAsync(string userId, Func<BackChannelLogoutDelivery, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var delivery = (await sessions.DeliveriesAsync(userId)).SingleOrDefault();
            if ((delivery is not null && condition(delivery)) || DateTime.UtcNow > deadline)
            {
                Assert.NotNull(delivery);
                Assert.True(condition(delivery), $"Delivery state: attempts {delivery.Attempts}, error {delivery.LastError}, delivered {delivery.DeliveredAt}");
                return delivery;
            }

            await Task.Delay(100);
        }
    }

    private async Task<(TestOrganisation Organisation, string UserName, Guid MembershipId)> MemberOfNewOrganisationAsync(params string[] roles)
    {
        var organisation = await World.CreateOrganisationAsync();
        var userName = await World.CreateUserAsync();
        var membershipId = await World.AddMemberAsync(organisation.Id, userName);
        await World.WithDatabaseAsync(async db =>
        {
            var membership = await db.Memberships.Include(m => m.Roles).SingleAsync(m => m.Id == membershipId);
            foreach (var role in roles)
            {
                var (client, key) = (role.Split(':')[0], role.Split(':')[1]);
                membership.GrantRole(await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == client), World.Now);
            }

            await db.SaveChangesAsync();
        });
        return (organisation, userName, membershipId);
    }

    /// <summary>The organisation's administrator answers "Nein" for the role on the members page.</summary>
    private async Task WithdrawAsync(TestOrganisation organisation, Guid membershipId, string clientId, string key)
    {
        using var admin = await World.LoggedInAsync(organisation.AdminUserName);
        var page = await admin.PageAsync(TestDataBuilder.MembersPath(organisation.Id));
        await admin.AfterAsync(admin.PostAsync(page, TestDataBuilder.MemberSelector(membershipId, "Roles"),
            TestDataBuilder.Choice(await World.RoleIdAsync(key, clientId), yes: false)));
    }
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqliteBackChannelLogoutTests(SqliteSessionsWorld sessions) : BackChannelLogoutTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlBackChannelLogoutTests(PostgreSqlSessionsWorld sessions) : BackChannelLogoutTests(sessions);
