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

    public static ClusterAccess For(ActorSystem system) => system.WithExtension<ClusterAccess>(Id.GetType());
}
