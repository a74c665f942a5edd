using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

public static class DatabaseSetup
{
    /// <param name="contentRoot">The installation folder: a relative SQLite file lies below it, not below the current folder.</param>
    public static IServiceCollection AddApplicationDatabase(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        // The provider decides the registrations, so it is read here, once; the same options are validated at start.
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = (configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider;
        var connectionString = configuration.GetConnectionString("Default")
            ?? (provider == DatabaseProvider.Sqlite ? "Data Source=App_Data/meine-ihk.db" : null)
            ?? throw new InvalidOperationException("ConnectionStrings:Default is required for " + provider);

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString = contentRoot is null ? connectionString : Hosting.Installation.ResolveSqlite(connectionString, contentRoot);
                EnsureSqliteFolder(connectionString);
                services.AddDbContextPool<ApplicationDbContext, SqliteApplicationDbContext>((sp, o) => Configure(sp, o.UseSqlite(connectionString)));
                break;
            case DatabaseProvider.PostgreSql:
                var tuned = PostgreSqlConnections.Tune(connectionString);
                services.AddDbContextPool<ApplicationDbContext, PostgreSqlApplicationDbContext>((sp, o) => Configure(sp, o.UseNpgsql(tuned)));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<ApplicationDbContext, SqlServerApplicationDbContext>((sp, o) => Configure(sp, o.UseSqlServer(connectionString)));
                break;
            default:
                throw new InvalidOperationException("Unknown Database:Provider " + provider);
        }

        return services;
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    // Contexts are pooled: a token request no longer builds options, services and sets for a new context each time
    // (docs/performance.md). The options are built once from the root services, so interceptors must be singletons.
    // Features add behaviour to every save by registering an interceptor (e.g. back-channel logout on a lost role).
    private static void Configure(IServiceProvider services, DbContextOptionsBuilder options) =>
        options.UseOpenIddict().AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());

    private static void EnsureSqliteFolder(string connectionString)
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
