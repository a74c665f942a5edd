using MeineIhk.IdentityProvider;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Seeding;

/// <summary>
/// Issue 15: the demo data (a platform administrator with the documented demo password among it) was gated by
/// configuration alone; outside Development, Demo:Seed must stop the start and seed nothing.
/// </summary>
public abstract class DemoSeedingTests
{
    protected abstract DatabaseKind Kind { get; }

    [Fact]
    public async Task Demo_seeding_is_refused_in_Production_even_when_configured()
    {
        await using var database = await TestDatabase.CreateAsync(Kind, "demoseed");
        var settings = ProductionSettings.For(database, new Uri("http://127.0.0.1/"));
        settings["Hosting:AllowHttp"] = "true";
        settings["Logging:LogLevel:Default"] = "None";
        settings["Demo:Seed"] = "true";
        settings["Demo:Password"] = "Demo-Passwort-2026!";
        await using var app = ProviderApp.Create([], RepositoryPaths.IdentityProviderContentRoot, settings);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.PrepareAsync());

        Assert.Contains("Demo:Seed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "plattform"));
    }
}

public sealed class SqliteDemoSeedingTests : DemoSeedingTests
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed class PostgreSqlDemoSeedingTests : DemoSeedingTests
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;
}
