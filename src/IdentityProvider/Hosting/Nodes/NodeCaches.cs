using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MeineIhk.IdentityProvider.Hosting.Nodes;

/// <summary>
/// What one node keeps in memory of shared data, by topic (<see cref="NodeCacheTopics"/>). A cache registers how to
/// forget a topic; whoever changes the data calls <see cref="Changed"/> after saving: this node forgets at once, and
/// the change is sent to the other nodes (PostgreSQL NOTIFY, or the SQL Server change counters), which forget it as
/// they receive it. A node that lost its connection to the signal forgets everything when it is back, so nothing
/// missed meanwhile lives on. SQLite has no signal: one node only (Database:SingleNode).
/// </summary>
public sealed class NodeCaches(ILogger<NodeCaches> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<Func<CancellationToken, ValueTask>>> _forgetters = new(StringComparer.Ordinal);
    private readonly Channel<string> _outgoing = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Changes this node sent or received, for the tests and the metrics: topic → count.</summary>
    public ConcurrentDictionary<string, long> Received { get; } = new(StringComparer.Ordinal);

    /// <summary>The changes waiting to be sent to the other nodes (read by the node signal).</summary>
    public ChannelReader<string> Outgoing => _outgoing.Reader;

    public void Register(string topic, Action forget) => Register(topic, _ =>
    {
        forget();
        return ValueTask.CompletedTask;
    });

    public void Register(string topic, Func<CancellationToken, ValueTask> forget) =>
        _forgetters.GetOrAdd(topic, _ => []).Add(forget);

    /// <summary>Something of <paramref name="topic"/> changed in the database: forget it here and tell the other nodes.</summary>
    public void Changed(string topic)
    {
        _ = ForgetAsync(topic, CancellationToken.None);
        _outgoing.Writer.TryWrite(topic);
    }

    /// <summary>Another node changed <paramref name="topic"/> (or this one; forgetting twice does no harm).</summary>
    public async Task ForgetAsync(string topic, CancellationToken cancellationToken)
    {
        Received.AddOrUpdate(topic, 1, (_, count) => count + 1);
        if (!_forgetters.TryGetValue(topic, out var forgetters))
        {
            return;
        }

        foreach (var forget in forgetters)
        {
            try
            {
                await forget(cancellationToken);
            }
            catch (Exception e) when (e.GetBaseException() is ObjectDisposedException)
            {
                // A notice that arrives while this node shuts down: nothing is left to forget.
                logger.LogDebug("Node cache topic {Topic} not forgotten: the node is shutting down", topic);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Forgetting the node cache topic {Topic} failed", topic);
            }
        }
    }

    /// <summary>After the signal was lost for a while: changes may have been missed, so everything is read again.</summary>
    public async Task ForgetEverythingAsync(CancellationToken cancellationToken)
    {
        foreach (var topic in _forgetters.Keys)
        {
            await ForgetAsync(topic, cancellationToken);
        }
    }
}
