namespace MeineIhk.IdentityProvider.Hosting.Nodes;

/// <summary>
/// Carries <see cref="NodeCaches"/> changes between nodes: sends what this node changed (retrying until the database
/// takes it) and receives what the others changed.
/// </summary>
public abstract class NodeSignal(NodeCaches caches, ILogger logger, TimeSpan retryDelay) : BackgroundService
{
    protected NodeCaches Caches => caches;

    protected ILogger Logger => logger;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendLoopAsync(stoppingToken), ReceiveAsync(stoppingToken));

    protected abstract Task SendAsync(string topic, CancellationToken cancellationToken);

    /// <summary>Tells the other nodes at once, for a process that runs no send loop (an operator command).</summary>
    public Task TellOthersAsync(string topic, CancellationToken cancellationToken) => SendAsync(topic, cancellationToken);

    protected abstract Task ReceiveAsync(CancellationToken stoppingToken);

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var topic in caches.Outgoing.ReadAllAsync(stoppingToken))
            {
                while (true)
                {
                    try
                    {
                        await SendAsync(topic, stoppingToken);
                        break;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "Telling the other nodes that {Topic} changed failed; trying again", topic);
                        await Task.Delay(retryDelay, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>One node (SQLite): nothing to tell; this node forgot already.</summary>
public sealed class NoNodeSignal(NodeCaches caches, ILogger<NoNodeSignal> logger) : NodeSignal(caches, logger, TimeSpan.FromSeconds(1))
{
    protected override Task SendAsync(string topic, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task ReceiveAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
