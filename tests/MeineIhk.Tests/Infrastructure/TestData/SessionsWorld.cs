using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using MeineIhk.SampleFachanwendung;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Sessions;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Infrastructure.TestData;

/// <summary>
/// A world of its own (its clock moves for retries): the provider and the sample app "berichtsheft" (A), a second
/// instance of the sample app as client "berichtsheft-zwei" (B), and two clients whose back-channel logout
/// endpoint is the <see cref="LogoutRecorder"/>. The clients are registered directly (approved), as an operator would.
/// </summary>
public abstract class SessionsWorld : IAsyncLifetime
{
    public const string SecondClientId = "berichtsheft-zwei";
    public const string SecondSecret = "berichtsheft-zwei-test-secret";
    public const string RecordedClientA = "protokoll-a";
    public const string RecordedClientB = "protokoll-b";
    public const string RecordedSecret = "protokoll-test-secret";
    public const string Organisation = "Spiel- und Spaß GmbH";

    protected SessionsWorld(TestWorld world) => World = world;

    public TestWorld World { get; }

    public LogoutRecorder Recorder { get; } = new();

    public WebApplication SampleB { get; private set; } = null!;

    public Uri SampleBUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await World.InitializeAsync();
        await Recorder.StartAsync();
        SampleBUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");

        await RegisterAsync(SecondClientId, SecondSecret, new Uri(SampleBUrl, "signin-oidc"), new Uri(SampleBUrl, "signout-callback-oidc"),
            new Uri(SampleBUrl, "signout-backchannel"), "auszubildender");
        foreach (var client in new[] { RecordedClientA, RecordedClientB })
        {
            await RegisterAsync(client, RecordedSecret, RedirectUriOf(client), new Uri(Recorder.Url, "bye/" + client), Recorder.EndpointOf(client), "nutzer", "leser");
        }

        World.Provider.Services.GetRequiredService<ClientRules>().Forget();

        SampleB = SampleApp.Create([], RepositoryPaths.SampleAppContentRoot, new Dictionary<string, string?>
        {
            ["Oidc:Authority"] = World.ProviderUrl.ToString(),
            ["Oidc:ClientId"] = SecondClientId,
            ["Oidc:ClientSecret"] = SecondSecret,
            ["Oidc:RequireHttpsMetadata"] = "false",
            ["Session:CookieName"] = ".MeineIhk.Zwei",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        SampleB.Urls.Add(SampleBUrl.GetLeftPart(UriPartial.Authority));
        await SampleB.StartAsync();
    }

    public Uri RedirectUriOf(string clientId) => new(Recorder.Url, "cb/" + clientId);

    public async Task DisposeAsync()
    {
        await SampleB.DisposeAsync();
        await Recorder.DisposeAsync();
        await World.DisposeAsync();
    }

    public Task<bool> RegisterAsync(string clientId, string secret, Uri redirectUri, Uri postLogoutRedirectUri, Uri backChannelLogoutUri, params string[] roles) =>
        World.WithDatabaseAsync(async (db, services) =>
        {
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = secret,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Implicit,
                DisplayName = clientId,
                RedirectUris = { redirectUri },
                PostLogoutRedirectUris = { postLogoutRedirectUri },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + "ihk.org",
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            });
            var application = new Fachanwendung
            {
                CreatedAt = World.Now,
                ClientId = clientId,
                DisplayNameDe = clientId,
                DisplayNameEn = clientId,
                ApprovedAt = DateTime.UtcNow,
                ApprovedBy = "test",
                FirstParty = true, // the sessions tests are about logout, not consent
                BackChannelLogoutUri = backChannelLogoutUri.ToString(),
            };
            foreach (var role in roles)
            {
                application.AddRole(role, role, role);
            }

            db.Fachanwendungen.Add(application);
            await db.SaveChangesAsync();
            return true;
        });

    /// <summary>A fresh member of the demo organisation holding the given roles ("client:key").</summary>
    public async Task<string> MemberWithRolesAsync(params string[] roles)
    {
        var userName = await World.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        await World.WithDatabaseAsync(async db =>
        {
            var membership = await db.Memberships.Include(m => m.Roles).SingleAsync(m => m.User.UserName == userName);
            foreach (var role in roles)
            {
                var (client, key) = (role.Split(':')[0], role.Split(':')[1]);
                membership.GrantRole(await db.FachanwendungRoles.SingleAsync(r => r.Key == key && r.Fachanwendung.ClientId == client), World.Now);
            }

            await db.SaveChangesAsync();
        });
        return userName;
    }

    public Task<string> UserIdAsync(string userName) => World.UserIdAsync(userName);

    public Task<List<BackChannelLogoutDelivery>> DeliveriesAsync(string userId) =>
        World.WithDatabaseAsync((db, _) => db.BackChannelLogoutDeliveries.AsNoTracking().Where(d => d.Subject == userId).OrderBy(d => d.ClientId).ToListAsync());

    /// <summary>Waits until every queued notice of the user is delivered or given up (the sender runs in the background).</summary>
    public async Task<List<BackChannelLogoutDelivery>> SettledDeliveriesAsync(string userId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = await DeliveriesAsync(userId);
            if ((deliveries.Count >= expected && deliveries.All(d => d.DeliveredAt is not null || d.AbandonedAt is not null)) || DateTime.UtcNow > deadline)
            {
                return deliveries;
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>The provider and sample app of a sessions world; the sender polls often, so retries follow a moved clock quickly.</summary>
public sealed class FastPollingWorld(DatabaseKind kind) : TestWorld
{
    protected override DatabaseKind Kind => kind;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["BackChannelLogout:PollInterval"] = "00:00:00.200",
        ["BackChannelLogout:AllowedRanges:0"] = "127.0.0.0/8", // the receivers listen on loopback, refused unless allowed
    };
}

public sealed class SqliteSessionsWorld() : SessionsWorld(new FastPollingWorld(DatabaseKind.Sqlite));

public sealed class PostgreSqlSessionsWorld() : SessionsWorld(new FastPollingWorld(DatabaseKind.PostgreSql));

[CollectionDefinition(Name)]
public sealed class SqliteSessionsCollection : ICollectionFixture<SqliteSessionsWorld>
{
    public const string Name = "SQLite sessions world";
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlSessionsCollection : ICollectionFixture<PostgreSqlSessionsWorld>
{
    public const string Name = "PostgreSQL sessions world";
}
