using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Seeding;
using MeineIhk.SampleFachanwendung;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// The provider and the sample Fachanwendung on real Kestrel on 127.0.0.1, over one real database with
/// the demo data. One world per storage provider is shared by the test classes of its collection.
/// </summary>
public abstract class TestWorld : IAsyncLifetime
{
    public const string Password = "Test-Passwort-2026!";
    public const string SampleSecret = "berichtsheft-test-secret";
    public const string SampleClientId = "berichtsheft";

    /// <summary>The throttle of form posts per client address; high enough that ordinary tests never meet it.</summary>
    protected virtual int FormPostsPerMinute => 2000;

    /// <summary>Settings a world adds to (or overrides in) the provider's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    private TestDatabase? _database;

    protected abstract DatabaseKind Kind { get; }

    /// <summary>The provider's protocol clock.</summary>
    public AdjustableClock Clock { get; } = new();

    /// <summary>The provider's time, for data a test creates directly in the database.</summary>
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The sample application's clock (when it thinks its access token expires).</summary>
    public AdjustableClock SampleClock { get; } = new();

    public TestSmtpServer Smtp { get; } = new();

    public WebApplication Provider { get; private set; } = null!;

    public WebApplication Sample { get; private set; } = null!;

    public Uri ProviderUrl { get; private set; } = null!;

    public Uri SampleUrl { get; private set; } = null!;

    public Uri SampleRedirectUri => new(SampleUrl, "signin-oidc");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Kind, "world_" + Guid.NewGuid().ToString("N")[..8]);
        Smtp.Start();
        ProviderUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        SampleUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");

        var settings = ProductionSettings.For(_database, ProviderUrl, Smtp.Port);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Hosting:AllowHttp"] = "true",
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = Password,
            ["Demo:SampleAppUrl"] = SampleUrl.ToString(),
            ["Demo:SampleAppSecret"] = SampleSecret,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None", // the first migration probes a missing history table
            ["Logging:LogLevel:MeineIhk.IdentityProvider.Features.Mail"] = "Error",
            ["Mail:Smtp:Timeout"] = "00:00:05",
            ["Mail:PollInterval"] = "00:00:01",
            // Every test posts from 127.0.0.1: the per-address back-off of activation passwords would hold up unrelated tests.
            ["Organisations:ActivationLetters:BackOff:FreeFailuresPerAddress"] = "100000",
            // Shared worlds send many mails to the demo people within one hour; Features/Mail/MailThrottleTests has a world with a low limit.
            ["Mail:Throttle:PerRecipientPerHour"] = "10000",
            ["Health:GaugeInterval"] = "00:00:01",
            ["Security:FormPostsPerMinutePerAddress"] = FormPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            settings[key] = value;
        }

        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        Provider = ProviderApp.Create([], RepositoryPaths.IdentityProviderContentRoot, settings, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<DemoSeedingOutsideDevelopment>();
            services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = Clock);
        });
        Provider.Urls.Add(ProviderUrl.GetLeftPart(UriPartial.Authority));
        await Provider.PrepareAsync();
        await Provider.StartAsync();

        Sample = SampleApp.Create([], RepositoryPaths.SampleAppContentRoot, new Dictionary<string, string?>
        {
            ["Oidc:Authority"] = ProviderUrl.ToString(),
            ["Oidc:ClientId"] = SampleClientId,
            ["Oidc:ClientSecret"] = SampleSecret,
            ["Oidc:RequireHttpsMetadata"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }, services => services.AddSingleton<TimeProvider>(SampleClock));
        Sample.Urls.Add(SampleUrl.GetLeftPart(UriPartial.Authority));
        await Sample.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Sample.DisposeAsync();
        await Provider.DisposeAsync();
        await Smtp.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public async Task<T> WithDatabaseAsync<T>(Func<ApplicationDbContext, IServiceProvider, Task<T>> action)
    {
        await using var scope = Provider.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), scope.ServiceProvider);
    }

    public Task WithDatabaseAsync(Func<ApplicationDbContext, Task> action) =>
        WithDatabaseAsync(async (db, _) =>
        {
            await action(db);
            return true;
        });
}

public sealed class SqliteWorld : TestWorld
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}

/// <summary>A world whose per-address throttle is low enough to be reached in a test.</summary>
public sealed class ThrottledWorld : TestWorld
{
    public const int Limit = 5;

    protected override DatabaseKind Kind => DatabaseKind.Sqlite;

    protected override int FormPostsPerMinute => Limit;
}

public sealed class PostgreSqlWorld : TestWorld
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteWorld>
{
    public const string Name = "SQLite world";
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlWorld>
{
    public const string Name = "PostgreSQL world";
}

/// <summary>SQL Server through Testcontainers; its tests run only where a Docker engine answers.</summary>
public sealed class SqlServerWorld : TestWorld
{
    protected override DatabaseKind Kind => DatabaseKind.SqlServer;
}
