using System.Globalization;
using System.Text;
using Yoi.Host.Hosting;

namespace Yoi.Host.Cluster;

/// <summary>The actor-system settings of a cluster node beyond remoting (which <c>WithRemoting</c> sets): the cluster
/// provider, seeds, roles, the failure detector, the split-brain resolver and Distributed Data.</summary>
public static class ClusterHocon
{
    /// <summary>The role that carries a node's name, so a name resolves to an address from membership alone.</summary>
    public const string NodeRolePrefix = "yoi-node:";

    /// <summary>The node name a member carries in its <see cref="NodeRolePrefix"/> role, or null for a foreign member.</summary>
    public static string? NodeOf(Akka.Cluster.Member member)
    {
        foreach (var role in member.Roles)
        {
            if (role.StartsWith(NodeRolePrefix, StringComparison.Ordinal))
                return role[NodeRolePrefix.Length..];
        }

        return null;
    }

    /// <summary>Distributed Data's full-state gossip, the fallback for a write a node missed.</summary>
    public const int GossipIntervalMs = 15000;

    public static string Build(ClusterOptions options)
    {
        var roles = options.Roles.Append(NodeRolePrefix + options.EffectiveNodeName).Select(Quote);
        var seeds = options.SeedNodes.Count == 0
            ? [Quote($"{Protocol}://{SupervisorHost.ActorSystemName}@{options.Hostname}:{options.Port}")]
            : options.SeedNodes.Select(s => Quote(SeedAddress(s)!));
        var pause = Ms(options.HeartbeatPauseMs);
        var stable = Ms(options.StableAfterMs);
        var sb = new StringBuilder();
        sb.AppendLine("akka.actor.provider = cluster");
        sb.AppendLine($"akka.cluster.seed-nodes = [{string.Join(", ", seeds)}]");
        sb.AppendLine($"akka.cluster.roles = [{string.Join(", ", roles)}]");
        sb.AppendLine("akka.cluster.min-nr-of-members = 1");
        sb.AppendLine("akka.cluster.log-info = on");
        // Unreachable after `pause` of silence: the bound README states for `node-unreachable`.
        sb.AppendLine("akka.cluster.failure-detector.heartbeat-interval = 1s");
        sb.AppendLine($"akka.cluster.failure-detector.acceptable-heartbeat-pause = {pause}");
        // Keep-majority, explicitly: the side with more than half the nodes downs the other once membership has been
        // stable for `stable-after`; an even split keeps the side with the lowest address. A lone node that loses the
        // others downs itself, so two halves never both carry on.
        sb.AppendLine("akka.cluster.downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\"");
        sb.AppendLine("akka.cluster.split-brain-resolver.active-strategy = keep-majority");
        sb.AppendLine($"akka.cluster.split-brain-resolver.stable-after = {stable}");
        sb.AppendLine("akka.cluster.split-brain-resolver.down-all-when-unstable = on");
        // A node the resolver downed stops its actor system (and the process) rather than living on outside the cluster.
        sb.AppendLine("akka.cluster.run-coordinated-shutdown-when-down = on");
        sb.AppendLine("akka.coordinated-shutdown.exit-clr = off");
        // Views travel as Distributed Data, pushed to every node by the writer (FleetPublisher: at a change, and again
        // when a node comes up or back within reach). Gossip is only the fallback, and a slow one on purpose: the
        // replicator's digests of a map are hash codes of its object graph (Akka.DistributedData 1.5.73), which never
        // agree between two processes, so every gossip round ships the whole map both ways even when nothing changed
        // — at a 1 s pace, most of an idle node's extra CPU. Deltas are off: a view is replaced whole anyway, and with
        // them on a change reached the other nodes' subscribers 0.4–0.7 s after its write (measured), 0.13 s without.
        sb.AppendLine($"akka.cluster.distributed-data.gossip-interval = {Ms(GossipIntervalMs)}");
        sb.AppendLine("akka.cluster.distributed-data.notify-subscribers-interval = 50ms");
        sb.AppendLine("akka.cluster.distributed-data.delta-crdt.enabled = off");
        sb.AppendLine("akka.cluster.distributed-data.durable.keys = []");
        // Requests that cross nodes carry pod events: a frame holds one relayed batch (at most 64 KiB of lines plus framing).
        sb.AppendLine("akka.remote.dot-netty.tcp.maximum-frame-size = 1MiB");
        sb.AppendLine("akka.remote.log-remote-lifecycle-events = off");
        return sb.ToString();
    }

    /// <summary>The address scheme of Akka.Remote's DotNetty transport with TLS on (the only one a node runs).</summary>
    public const string Protocol = "akka.ssl.tcp";

    /// <summary>A seed (<c>host:port</c>, or an <c>akka.ssl.tcp://yoi@host:port</c> address) as an actor-system
    /// address, or null when it is not one.</summary>
    public static string? SeedAddress(string seed)
    {
        var prefix = $"{Protocol}://{SupervisorHost.ActorSystemName}@";
        var hostPort = seed.StartsWith(prefix, StringComparison.Ordinal) ? seed[prefix.Length..] : seed;
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
            return null;
        var host = hostPort[..colon];
        if (host.Any(c => char.IsWhiteSpace(c) || c is '/' or '"' or '@'))
            return null;
        return $"{prefix}{host}:{port}";
    }

    private static string Ms(int ms) => ms.ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
