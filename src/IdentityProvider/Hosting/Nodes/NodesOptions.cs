using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Hosting.Nodes;

public enum NodeSignalKind
{
    /// <summary>PostgreSQL: Notify; SQL Server: Poll; SQLite (one node): None.</summary>
    Auto,

    /// <summary>PostgreSQL <c>LISTEN/NOTIFY</c> on one dedicated connection per node.</summary>
    Notify,

    /// <summary>A short poll of the change counters (table <c>NodeCacheVersions</c>); any database.</summary>
    Poll,

    /// <summary>No other node to tell.</summary>
    None,
}

/// <summary>The section <c>Nodes</c>: how a change made on one node reaches the caches of the others.</summary>
public sealed class NodesOptions
{
    public const string Section = "Nodes";

    [Display(Name = "Nodes:Signal")]
    [EnumDataType(typeof(NodeSignalKind))]
    public NodeSignalKind Signal { get; set; } = NodeSignalKind.Auto;

    /// <summary>How often a node reads the change counters (Poll): the bound on how late another node forgets.</summary>
    [Display(Name = "Nodes:PollInterval")]
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The pause before a lost signal connection is opened again (and everything cached is forgotten).</summary>
    [Display(Name = "Nodes:ReconnectDelay")]
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);
}
