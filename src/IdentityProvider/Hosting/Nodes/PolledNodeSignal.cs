using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting.Nodes;

/// <summary>
/// Change counters for databases without notices (SQL Server): a change counts its topic up in <c>NodeCacheVersions</c>;
/// every node reads the few rows every <see cref="NodesOptions.PollInterval"/> and forgets the topics whose counter
/// moved. After a failed read everything is forgotten once the database answers again.
/// </summary>
public sealed class PolledNodeSignal(
    NodeCaches caches, IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, IOptions<NodesOptions> options, ILogger<PolledNodeSignal> logger)
    : NodeSignal(caches, logger, options.Value.ReconnectDelay)
{
    private readonly TimeSpan _pollInterval = options.Value.PollInterval;

    protected override async Task SendAsync(string topic, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.Database.ExecuteSqlRawAsync(CountUpSql(database.Value.Provider), [topic], cancellationToken);
    }

    protected override async Task ReceiveAsync(CancellationToken stoppingToken)
    {
        Dictionary<string, long>? known = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                    var now = await db.NodeCacheVersions.AsNoTracking().ToDictionaryAsync(v => v.Topic, v => v.Version, StringComparer.Ordinal, stoppingToken);
                    if (known is null)
                    {
                        await Caches.ForgetEverythingAsync(stoppingToken); // at start, or after the database was away
                    }
                    else
                    {
                        foreach (var (topic, version) in now)
                        {
                            if (!known.TryGetValue(topic, out var before) || before != version)
                            {
                                await Caches.ForgetAsync(topic, stoppingToken);
                            }
                        }
                    }

                    known = now;
                }

                await Task.Delay(_pollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                known = null;
                Logger.LogWarning(e, "Reading the cache change counters failed; trying again");
                try
                {
                    await Task.Delay(_pollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal static string CountUpSql(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer
        ? "MERGE [NodeCacheVersions] WITH (HOLDLOCK) AS t USING (VALUES ({0})) AS s ([Topic]) ON t.[Topic] = s.[Topic] " +
          "WHEN MATCHED THEN UPDATE SET [Version] = t.[Version] + 1 " +
          "WHEN NOT MATCHED THEN INSERT ([Topic], [Version]) VALUES (s.[Topic], 1);"
        : "INSERT INTO \"NodeCacheVersions\" (\"Topic\", \"Version\") VALUES ({0}, 1) " +
          "ON CONFLICT (\"Topic\") DO UPDATE SET \"Version\" = \"NodeCacheVersions\".\"Version\" + 1";
}
