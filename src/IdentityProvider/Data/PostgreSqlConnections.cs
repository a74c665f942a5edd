using System.Data.Common;
using Npgsql;

namespace MeineIhk.IdentityProvider.Data;

/// <summary>
/// Defaults for PostgreSQL connections that the token path needs; an operator's own value in the connection
/// string always wins. Without them every query of a token request is parsed and planned again, and every
/// return of a pooled connection sends <c>DISCARD ALL</c>, which also throws away prepared statements.
/// </summary>
public static class PostgreSqlConnections
{
    public const int MaxAutoPrepare = 128;

    public static string Tune(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);

        // Statements run at least twice are prepared on the server, per physical connection.
        if (!Has(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = MaxAutoPrepare;
        }

        // The provider sets no session state (no SET, temporary tables, LISTEN or held advisory locks), so a
        // connection needs no reset when it goes back to the pool.
        if (!Has(given, "No Reset On Close", "NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        return tuned.ConnectionString;
    }

    // DbConnectionStringBuilder compares keys ignoring case; both spellings Npgsql accepts are asked for.
    private static bool Has(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
