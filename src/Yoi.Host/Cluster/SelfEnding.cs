namespace Yoi.Host.Cluster;

/// <summary>How far this node got in the cluster's membership, as <see cref="SelfMembershipWatch"/> saw it.</summary>
public enum SelfEnding
{
    /// <summary>Joined (up or joining), and was neither downed nor left.</summary>
    Member,

    /// <summary>Marked down: the other nodes' split-brain resolver removed it (or it downed itself, alone).</summary>
    Downed,

    /// <summary>Left gracefully.</summary>
    Left,
}
