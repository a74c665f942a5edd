namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// The change counter of one cache topic (Hosting/Nodes). On SQL Server, where there is no LISTEN/NOTIFY, a node that
/// changed something counts the topic up and the other nodes poll the counters to learn what to forget.
/// </summary>
public class NodeCacheVersion
{
    public string Topic { get; set; } = "";

    public long Version { get; set; }
}
