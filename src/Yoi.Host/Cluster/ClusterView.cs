using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Cluster;

/// <summary>This node's view of the whole cluster: every node's published fleet (<see cref="FleetKeys.Views"/>,
/// replicated here by Distributed Data) joined with membership. A node that is up shows its pods as it published them;
/// one the failure detector marks unreachable keeps its rows, each <c>node-unreachable</c> with the time it was last
/// seen; one removed without leaving (downed by the split-brain resolver) keeps them as <c>node-down</c> until it
/// comes back and publishes again. A node that leaves gracefully removes its view. Answers <see cref="Get"/> and
/// <see cref="Locate"/>; publishes a <see cref="Snapshot"/> to subscribers at every change.</summary>
public sealed class ClusterView : UntypedActor
{
    public const string DefaultName = "yoi-cluster-view";

    public const string NodeUnreachable = "node-unreachable";
    public const string NodeDown = "node-down";

    /// <summary>Reply: <see cref="Snapshot"/>.</summary>
    public sealed record Get
    {
        public static Get Instance { get; } = new();

        private Get()
        {
        }
    }

    /// <summary>Reply: <see cref="Snapshot"/> now and at every change until <see cref="Unsubscribe"/> or the subscriber's end.</summary>
    public sealed record Subscribe(IActorRef Subscriber);

    public sealed record Unsubscribe(IActorRef Subscriber);

    /// <summary>The address of the node named <paramref name="Node"/>. Reply: <see cref="Located"/>.</summary>
    public sealed record Locate(string Node);

    public sealed record Located(string Node, Address? Address, string? Problem);

    /// <summary>The cluster's pods, each row with its <c>node</c>.</summary>
    public sealed record Snapshot(IReadOnlyList<PodReport> Pods, DateTimeOffset At, IReadOnlyList<string> Nodes);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly Akka.Cluster.Cluster _self = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<string, (string Raw, FleetReport Report)> _views = new(StringComparer.Ordinal);
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly Dictionary<UniqueAddress, DateTimeOffset> _unreachableSince = [];
    private readonly Dictionary<string, DateTimeOffset> _removedAt = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _subscribers = [];

    public static Props Props() => Yoi.Actors.ActorFactory.Props(() => new ClusterView());

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        _replicator.Tell(Dsl.Subscribe(FleetKeys.Views, Self));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        _replicator.Tell(Dsl.Unsubscribe(FleetKeys.Views, Self));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Get:
                Sender.Tell(Build());
                break;
            case Subscribe subscribe:
                if (_subscribers.Add(subscribe.Subscriber))
                    Context.Watch(subscribe.Subscriber);
                subscribe.Subscriber.Tell(Build());
                break;
            case Unsubscribe unsubscribe:
                if (_subscribers.Remove(unsubscribe.Subscriber))
                    Context.Unwatch(unsubscribe.Subscriber);
                break;
            case Terminated terminated:
                _subscribers.Remove(terminated.ActorRef);
                break;
            case Locate locate:
                Sender.Tell(OnLocate(locate.Node));
                break;
            case Changed changed when changed.Key.Equals(FleetKeys.Views):
                OnViews(changed.Get(FleetKeys.Views));
                break;
            case ClusterEvent.CurrentClusterState state:
                foreach (var member in state.Members)
                    _members[member.UniqueAddress] = member;
                foreach (var member in state.Unreachable)
                    _unreachableSince[member.UniqueAddress] = DateTimeOffset.UtcNow;
                Changed();
                break;
            case ClusterEvent.MemberRemoved removed:
                OnRemoved(removed);
                break;
            case ClusterEvent.IMemberEvent e:
                _members[e.Member.UniqueAddress] = e.Member;
                if (ClusterHocon.NodeOf(e.Member) is { } upNode)
                    _removedAt.Remove(upNode);
                Changed();
                break;
            case ClusterEvent.UnreachableMember unreachable:
                _unreachableSince.TryAdd(unreachable.Member.UniqueAddress, DateTimeOffset.UtcNow);
                Changed();
                break;
            case ClusterEvent.ReachableMember reachable:
                _unreachableSince.Remove(reachable.Member.UniqueAddress);
                Changed();
                break;
            case IUpdateResponse:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnViews(LWWDictionary<string, string> map)
    {
        var entries = map.Entries;
        foreach (var gone in _views.Keys.Where(k => !entries.ContainsKey(k)).ToList())
            _views.Remove(gone);
        foreach (var (node, raw) in entries)
        {
            if (_views.TryGetValue(node, out var known) && known.Raw == raw)
                continue;
            try
            {
                if (ControlCodec.DecodeEvent(raw).Event is FleetEvent fleet)
                    _views[node] = (raw, fleet.Fleet);
            }
            catch (FormatException)
            {
                // A view this version cannot read (a newer node): its node is shown as soon as it publishes a readable one.
            }
        }

        Changed();
    }

    private void OnRemoved(ClusterEvent.MemberRemoved removed)
    {
        _members.Remove(removed.Member.UniqueAddress);
        _unreachableSince.Remove(removed.Member.UniqueAddress);
        if (ClusterHocon.NodeOf(removed.Member) is { } node && !_members.Values.Any(m => ClusterHocon.NodeOf(m) == node))
        {
            if (removed.PreviousStatus == MemberStatus.Exiting)
            {
                // Left gracefully: its view goes (it removed it itself before leaving; this covers a removal that
                // did not reach every node).
                _views.Remove(node);
                _replicator.Tell(Dsl.Update(FleetKeys.Views, LWWDictionary<string, string>.Empty, WriteLocal.Instance, map => map.Remove(_self, node)));
            }
            else
            {
                _removedAt[node] = DateTimeOffset.UtcNow;
            }
        }

        Changed();
    }

    private Located OnLocate(string node)
    {
        // Joining too: its view can be here before the leader has moved it up, and its gateway answers already (it
        // passed the TLS handshake of the cluster's CA like any member).
        var members = _members.Values.Where(m => ClusterHocon.NodeOf(m) == node && m.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving).ToList();
        if (members.Count == 0)
        {
            var known = _members.Values.Select(ClusterHocon.NodeOf).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            return new Located(node, null, $"no node named '{Actors.Registry.PodNames.Escape(node)}' is up in the cluster (up: {string.Join(", ", known)})");
        }

        var reachable = members.FirstOrDefault(m => !_unreachableSince.ContainsKey(m.UniqueAddress));
        return reachable is null
            ? new Located(node, null, $"node '{node}' is unreachable")
            : new Located(node, reachable.Address, null);
    }

    private void Changed()
    {
        if (_subscribers.Count == 0)
            return;
        var snapshot = Build();
        foreach (var subscriber in _subscribers)
            subscriber.Tell(snapshot);
    }

    private Snapshot Build()
    {
        var rows = new List<PodReport>();
        foreach (var (node, (_, report)) in _views.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var members = _members.Values.Where(m => ClusterHocon.NodeOf(m) == node).ToList();
            var live = members.Where(m => !_unreachableSince.ContainsKey(m.UniqueAddress)).ToList();
            if (live.Count > 0)
            {
                rows.AddRange(report.Pods.Select(p => p with { Node = node }));
                continue;
            }

            var (outcome, since, detail) = members.Count > 0
                ? (NodeUnreachable, members.Select(m => _unreachableSince[m.UniqueAddress]).Min(), "unreachable")
                : (NodeDown, _removedAt.TryGetValue(node, out var removedAt) ? removedAt : report.At, "removed from the cluster without leaving (downed)");
            rows.AddRange(report.Pods.Select(p => p with
            {
                Node = node,
                Outcome = outcome,
                Reachable = false,
                Healthy = false,
                Status = null,
                LatencyMs = null,
                Detail = $"node {node} {detail} since {FleetJson.FormatTime(since)}; last known: {p.Outcome ?? "unprobed"}{(p.Status is { } s ? "/" + s : "")}",
                LastSeen = since,
            }));
        }

        var nodes = _members.Values.Select(ClusterHocon.NodeOf).OfType<string>().Concat(_views.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Snapshot(rows, DateTimeOffset.UtcNow, nodes);
    }
}
