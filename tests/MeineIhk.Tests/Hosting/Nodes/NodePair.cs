using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Hosting.Nodes;
using MeineIhk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;

namespace MeineIhk.Tests.Hosting.Nodes;

/// <summary>
/// Two provider nodes in one test process on 127.0.0.1, on one database, with low limits: what one node counts or
/// changes, the other must see. Both share the test's clock, so a test can start a fresh one-minute window.
/// </summary>
public abstract class NodePair : IAsyncLifetime
{
    public const int FormPostsPerMinute = 5;
    public const int TokenRequestsPerClient = 6;
    public const int TokenRequestsPerAddress = 10;

    private TestDatabase? _database;

    protected abstract DatabaseKind Kind { get; }

    protected virtual NodeSignalKind Signal => NodeSignalKind.Auto;

    public AdjustableClock Clock { get; } = new();

    public TestSmtpServer Smtp { get; } = new();

    public WebApplication First { get; private set; } = null!;

    public WebApplication Second { get; private set; } = null!;

    public Uri FirstUrl { get; private set; } = null!;

    public Uri SecondUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Kind, "nodes_" + Guid.NewGuid().ToString("N")[..8]);
        Smtp.Start();
        FirstUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        SecondUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var settings = ProductionSettings.For(_database, FirstUrl, Smtp.Port);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Hosting:AllowHttp"] = "true",
            ["Hosting:KnownProxies:0"] = "127.0.0.1", // the tests play clients behind a proxy (X-Forwarded-For)
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = TestWorld.Password,
            ["Demo:SampleAppUrl"] = "http://127.0.0.1:9/",
            ["Demo:SampleAppSecret"] = TestWorld.SampleSecret,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MeineIhk.SecurityEvents"] = "None",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
            ["Logging:LogLevel:MeineIhk.IdentityProvider.Features.Mail"] = "Error",
            ["Security:FormPostsPerMinutePerAddress"] = FormPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Security:TokenRequestsPerMinutePerClient"] = TokenRequestsPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Security:TokenRequestsPerMinutePerAddress"] = TokenRequestsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nodes:Signal"] = Signal.ToString(),
            ["Nodes:PollInterval"] = "00:00:00.250",
        })
        {
            settings[key] = value;
        }

        First = await StartAsync(settings, FirstUrl, prepare: true);
        Second = await StartAsync(settings, SecondUrl, prepare: false); // the database is ready: a second node only starts
    }

    private async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, Uri url, bool prepare)
    {
        var node = ProviderApp.Create([], RepositoryPaths.IdentityProviderContentRoot, settings, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<MeineIhk.IdentityProvider.Seeding.DemoSeedingOutsideDevelopment>(); // tests run as Production with the demo world
            services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = Clock);
        });
        node.Urls.Add(url.GetLeftPart(UriPartial.Authority));
        if (prepare)
        {
            await node.PrepareAsync();
        }

        await node.StartAsync();
        return node;
    }

    /// <summary>Moves the shared clock to the start of a one-minute window, so a test's burst is counted in one window.</summary>
    public void StartNewWindow() => Clock.StartNewMinute();

    public static async Task<T> RegistryAsync<T>(WebApplication node, Func<ApplicationRegistry, Task<T>> action)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ApplicationRegistry>());
    }

    public async Task DisposeAsync()
    {
        if (Second is not null)
        {
            await Second.DisposeAsync();
        }

        if (First is not null)
        {
            await First.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteNodePair : NodePair
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed class PostgreSqlNodePair : NodePair
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;
}

/// <summary>PostgreSQL with the change counters instead of NOTIFY: the path SQL Server takes (no SQL Server here).</summary>
public sealed class PolledPostgreSqlNodePair : NodePair
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;

    protected override NodeSignalKind Signal => NodeSignalKind.Poll;
}
