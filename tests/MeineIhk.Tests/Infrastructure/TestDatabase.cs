using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Testcontainers.MsSql;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// A fresh, empty database of one kind; the provider's migrations create the schema. Hand
/// <see cref="Provider"/> to the setting <c>Database:Provider</c> and <see cref="ConnectionString"/> to
/// <c>ConnectionStrings:Default</c>.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private TestDatabase(DatabaseKind kind, string connectionString, Func<ValueTask> dispose)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _dispose = dispose;
    }

    public DatabaseKind Kind { get; }

    /// <summary>The value of the provider's <c>Database:Provider</c> setting: <c>Sqlite</c>, <c>PostgreSql</c> or <c>SqlServer</c>.</summary>
    public string Provider => Kind.ToString();

    /// <summary>The value of <c>ConnectionStrings:Default</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// SQLite: a new file in a new temp folder, removed on dispose. PostgreSQL: a new database on the
    /// run's <see cref="PostgresServer"/>. SQL Server: a Testcontainers.MsSql container (needs a Docker engine,
    /// see <see cref="DockerAvailable"/>), removed on dispose; the database <paramref name="name"/> is
    /// created by the migrations.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind, string name)
    {
        switch (kind)
        {
            case DatabaseKind.Sqlite:
                var folder = Directory.CreateTempSubdirectory("meine-ihk-sqlite-");
                return new TestDatabase(kind, $"Data Source={Path.Combine(folder.FullName, name + ".db")}", () =>
                {
                    SqliteConnection.ClearAllPools();
                    folder.Delete(recursive: true);
                    return ValueTask.CompletedTask;
                });

            case DatabaseKind.PostgreSql:
                return new TestDatabase(kind, await PostgresServer.CreateDatabaseAsync(name), () => ValueTask.CompletedTask);

            case DatabaseKind.SqlServer:
                if (!DockerAvailable.Answers)
                {
                    throw new InvalidOperationException(DockerAvailable.SkipReason + " (mark the test [SqlServerFact] or [SqlServerTheory]).");
                }

                var container = new MsSqlBuilder(Environment.GetEnvironmentVariable("MEINE_IHK_MSSQL_IMAGE") ?? DefaultSqlServerImage).Build();
                await container.StartAsync();
                var connectionString = new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = name }.ConnectionString;
                return new TestDatabase(kind, connectionString, () =>
                {
                    SqlConnection.ClearAllPools();
                    return container.DisposeAsync();
                });

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    public ValueTask DisposeAsync() => _dispose();

    // The package's own default image, so that no registry is named here; MEINE_IHK_MSSQL_IMAGE overrides it.
#pragma warning disable CS0618
    private const string DefaultSqlServerImage = MsSqlBuilder.MsSqlImage;
#pragma warning restore CS0618
}
