using Testcontainers.MsSql;

namespace MeineIhk.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>A fresh, empty database of one kind; the provider's migrations create the schema.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private TestDatabase(string provider, string connectionString, Func<ValueTask> dispose)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dispose = dispose;
    }

    /// <summary>The value of the provider's `Database:Provider` setting.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind, string name)
    {
        switch (kind)
        {
            case DatabaseKind.Sqlite:
                var folder = Directory.CreateTempSubdirectory("meine-ihk-sqlite-");
                return new TestDatabase("Sqlite", $"Data Source={Path.Combine(folder.FullName, name + ".db")}", () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    folder.Delete(recursive: true);
                    return ValueTask.CompletedTask;
                });
            case DatabaseKind.PostgreSql:
                return new TestDatabase("PostgreSql", await PostgresServer.CreateDatabaseAsync(name), () => ValueTask.CompletedTask);
            case DatabaseKind.SqlServer:
                var container = new MsSqlBuilder(Environment.GetEnvironmentVariable("MEINE_IHK_MSSQL_IMAGE") ?? DefaultSqlServerImage).Build();
                await container.StartAsync();
                return new TestDatabase("SqlServer", container.GetConnectionString(), () => container.DisposeAsync());
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public ValueTask DisposeAsync() => _dispose();

    // The package's own default image, so that no registry is named here; MEINE_IHK_MSSQL_IMAGE overrides it.
#pragma warning disable CS0618
    private const string DefaultSqlServerImage = MsSqlBuilder.MsSqlImage;
#pragma warning restore CS0618
}
