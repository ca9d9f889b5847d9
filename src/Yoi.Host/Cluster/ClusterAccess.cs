using Akka.Actor;

namespace Yoi.Host.Cluster;

/// <summary>This actor system's cluster node, when it is one (<c>run --cluster</c>): what the control requests that
/// cross nodes talk to. Unset in every other process.</summary>
public sealed class ClusterAccess : IExtension
{
    private sealed class Provider : ExtensionIdProvider<ClusterAccess>
    {
        public override ClusterAccess CreateExtension(ExtendedActorSystem system) => new();
    }

    private static readonly Provider Id = new();

    /// <summary>The <see cref="ClusterView"/> of this node; null when the process is not a cluster node.</summary>
    public IActorRef? View { get; set; }

    /// <summary>This node's name.</summary>
    public string? NodeName { get; set; }

    private int _ending = -1;

    /// <summary>How this node's membership ended, or got so far; null while it has not joined (written by
    /// <see cref="SelfMembershipWatch"/>, read by the command once the actor system has stopped).</summary>
    public SelfEnding? Ending
    {
        get => Volatile.Read(ref _ending) is var v and >= 0 ? (SelfEnding)v : null;
        set => Volatile.Write(ref _ending, value is { } v ? (int)v : -1);
    }

    public static ClusterAccess For(ActorSystem system) => system.WithExtension<ClusterAccess>(Id.GetType());
}
