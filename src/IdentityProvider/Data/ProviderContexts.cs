using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MeineIhk.IdentityProvider.Data;

// One subclass per storage provider keeps each provider's migrations apart (EF binds a migration to its context type).
public sealed class SqliteApplicationDbContext(DbContextOptions<SqliteApplicationDbContext> options) : ApplicationDbContext(options);

public sealed class PostgreSqlApplicationDbContext(DbContextOptions<PostgreSqlApplicationDbContext> options) : ApplicationDbContext(options);

public sealed class SqlServerApplicationDbContext(DbContextOptions<SqlServerApplicationDbContext> options) : ApplicationDbContext(options);

// Design-time factories: `dotnet ef` builds the context from here and never runs Program (no keys, no seeding).
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteApplicationDbContext>
{
    public SqliteApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteApplicationDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlApplicationDbContext>
{
    public PostgreSqlApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlApplicationDbContext>().UseNpgsql("Host=127.0.0.1;Database=design").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerApplicationDbContext>
{
    public SqlServerApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerApplicationDbContext>().UseSqlServer("Server=localhost;Database=design").Options);
}
