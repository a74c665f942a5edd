using MeineIhk.IdentityProvider.Data;
using Npgsql;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Data;

public sealed class PostgreSqlConnectionsTests
{
    [Fact]
    public void Statements_are_prepared_and_connections_not_reset_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlConnections.Tune("Host=127.0.0.1;Database=ihk"));

        Assert.Equal(PostgreSqlConnections.MaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("ihk", tuned.Database);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=127.0.0.1;maxautoprepare=0;NORESETONCLOSE=false")]
    public void The_operators_own_values_win_in_either_spelling(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlConnections.Tune(connectionString));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }
}
