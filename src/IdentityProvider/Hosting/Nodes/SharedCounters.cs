using System.Data.Common;
using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting.Nodes;

/// <summary>
/// Counters of fixed windows in the shared database (table <c>SharedCounters</c>), so that every node counts
/// towards the same limit. One statement counts all keys of a request at once and returns the new counts: an
/// upsert (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c> on SQLite and PostgreSQL, <c>MERGE … WITH (HOLDLOCK)
/// … OUTPUT</c> on SQL Server), one round trip on the login and token paths, atomic under concurrent nodes.
/// </summary>
public sealed class SharedCounters(IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, TimeProvider clock)
{
    private readonly DatabaseProvider _provider = database.Value.Provider;

    /// <summary>Counts one hit for each key in the current window of <paramref name="window"/>.</summary>
    public async Task<CountedHits> HitAsync(IReadOnlyCollection<string> keys, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var length = Math.Max(1, (long)window.TotalSeconds);
        var number = now / length;
        var ends = (number + 1) * length;

        // Always the same order: two nodes upserting the same keys cannot deadlock on each other's rows.
        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ordered.Length == 0)
        {
            return new CountedHits(counts, TimeSpan.FromSeconds(ends - now));
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = UpsertSql(_provider, ordered.Length);
            for (var i = 0; i < ordered.Length; i++)
            {
                Add(command, "@k" + i, ordered[i]);
            }

            Add(command, "@w", number);
            Add(command, "@e", ends + length); // kept one window longer than read; see PruneAsync
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new CountedHits(counts, TimeSpan.FromSeconds(Math.Max(1, ends - now)));
    }

    /// <summary>Deletes the rows of windows that have ended.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.SharedCounters.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }

    internal static string UpsertSql(DatabaseProvider provider, int keys)
    {
        var rows = string.Join(", ", Enumerable.Range(0, keys).Select(i => provider == DatabaseProvider.SqlServer ? $"(@k{i})" : $"(@k{i}, @w, 1, @e)"));
        return provider switch
        {
            DatabaseProvider.SqlServer =>
                "MERGE [SharedCounters] WITH (HOLDLOCK) AS t USING (VALUES " + rows + ") AS s ([Key]) " +
                "ON t.[Key] = s.[Key] AND t.[Window] = @w " +
                "WHEN MATCHED THEN UPDATE SET [Count] = t.[Count] + 1 " +
                "WHEN NOT MATCHED THEN INSERT ([Key], [Window], [Count], [ExpiresAt]) VALUES (s.[Key], @w, 1, @e) " +
                "OUTPUT inserted.[Key], inserted.[Count];",
            _ =>
                "INSERT INTO \"SharedCounters\" (\"Key\", \"Window\", \"Count\", \"ExpiresAt\") VALUES " + rows + " " +
                "ON CONFLICT (\"Key\", \"Window\") DO UPDATE SET \"Count\" = \"SharedCounters\".\"Count\" + 1 " +
                "RETURNING \"Key\", \"Count\"",
        };
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>The counts after this hit, per key, and how long until the window ends.</summary>
public sealed record CountedHits(IReadOnlyDictionary<string, int> Counts, TimeSpan WindowEndsIn)
{
    public int this[string key] => Counts.TryGetValue(key, out var count) ? count : 0;
}

/// <summary>Deletes ended windows every few minutes (any node may; the delete is idempotent).</summary>
public sealed class SharedCounterPruning(SharedCounters counters, ILogger<SharedCounterPruning> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                await counters.PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pruning the shared counters failed; the next run tries again");
            }
        }
    }
}
