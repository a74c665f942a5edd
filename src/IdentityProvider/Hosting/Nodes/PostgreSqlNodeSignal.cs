using MeineIhk.IdentityProvider.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MeineIhk.IdentityProvider.Hosting.Nodes;

/// <summary>
/// PostgreSQL <c>LISTEN/NOTIFY</c>: a change is one <c>pg_notify</c> on any pooled connection; each node listens on one
/// dedicated, unpooled connection and opens it again when it is lost (then forgets everything, since notices sent
/// meanwhile are gone). PostgreSQL delivers a notice to every listening session when the sender's statement commits.
/// </summary>
public sealed class PostgreSqlNodeSignal(NodeCaches caches, IConfiguration configuration, IOptions<NodesOptions> options, ILogger<PostgreSqlNodeSignal> logger)
    : NodeSignal(caches, logger, options.Value.ReconnectDelay)
{
    public const string Channel = "meine_ihk_node_caches";

    private readonly string _connectionString = PostgreSqlConnections.Tune(configuration.GetConnectionString("Default") ?? "");
    private readonly TimeSpan _reconnectDelay = options.Value.ReconnectDelay;

    /// <summary>True while the listening connection is open (the readiness of the signal).</summary>
    public bool Listening { get; private set; }

    protected override async Task SendAsync(string topic, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @topic)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("topic", topic);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ReceiveAsync(CancellationToken stoppingToken)
    {
        var listening = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            Pooling = false, // a session of its own that holds LISTEN
            KeepAlive = 10, // a dead server or network is noticed within seconds, not at the next notice
            ApplicationName = "meine-ihk node caches",
        }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listening);
                connection.Notification += (_, e) => _ = Caches.ForgetAsync(e.Payload, CancellationToken.None);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Listening = true;
                await Caches.ForgetEverythingAsync(stoppingToken); // what changed while no one listened
                Logger.LogInformation("Listening for cache changes of other nodes on {Channel}", Channel);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Listening = false;
                Logger.LogWarning(e, "The connection that listens for cache changes of other nodes was lost; opening it again");
                try
                {
                    await Task.Delay(_reconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                Listening = false;
            }
        }
    }
}
