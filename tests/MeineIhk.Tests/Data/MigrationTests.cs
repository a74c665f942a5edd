using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Data;

/// <summary>
/// Model drift without a database server: each provider's context is registered the way the service does it
/// (<see cref="DatabaseSetup.AddApplicationDatabase"/>), but pointed at port 1 of 127.0.0.1 (or SQLite in memory),
/// where nothing listens. Comparing the model with the migrations' snapshot needs no connection, so a test that
/// tried to connect would fail instead of passing by accident.
/// </summary>
public sealed class MigrationTests
{
    // Every provider gets the same migrations under the same names; a new migration's name is appended here.
    private static readonly string[] Migrations = ["Initial", "Consent", "ResourcesKeysOrigins", "ServerSessions", "SharedCounters", "AccountMail", "SecurityEvents", "KeyRotationReview", "SecondFactor", "ApplicationReview"];

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_that_a_migration_does_not_hold(DatabaseProvider provider)
    {
        using var services = ServicesFor(provider);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model differs from the last migration; add one for every provider (docs/operations.md).");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_provider_has_the_same_migration_names_in_the_same_order(DatabaseProvider provider)
    {
        using var services = ServicesFor(provider);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        // A migration's id is "yyyyMMddHHmmss_Name": the timestamp differs per provider, the name must not.
        var names = db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]);

        Assert.Equal(Migrations, names);
    }

    private static ServiceProvider ServicesFor(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.PostgreSql => "Host=127.0.0.1;Port=1;Database=drift;Timeout=1",
            DatabaseProvider.SqlServer => "Server=127.0.0.1,1;Database=drift;Connect Timeout=1;TrustServerCertificate=true",
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:Default"] = connectionString,
            })
            .Build();
        return new ServiceCollection().AddApplicationDatabase(configuration).BuildServiceProvider();
    }
}
