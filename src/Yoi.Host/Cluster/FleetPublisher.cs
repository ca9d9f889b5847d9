using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Cluster;

/// <summary>Publishes this node's fleet view to the cluster: subscribed to the local <see cref="PodSupervisor"/>, it
/// writes the view under its node name (<see cref="FleetKeys.Views"/>) after every poll cycle and, so that a change
/// need not wait for the end of its cycle, <see cref="ChangeDelay"/> after a pod changed (changes within it coalesce
/// into one write) — each time only when the view differs from the last one written, so an idle fleet writes nothing.
/// Each write goes to every node at once. Distributed Data's gossip is slow by design here (see
/// <see cref="ClusterHocon"/>), so the writer also pushes its view again, unchanged, <see cref="RepublishDelay"/> after
/// a node comes up or back within reach: a node that joins, rejoins or heals from a partition has every view without
/// waiting for gossip. On a graceful leave (<see cref="Leave"/>, from coordinated shutdown) it removes its view first.</summary>
public sealed class FleetPublisher : UntypedActor, IWithTimers
{
    /// <summary>How long a change waits for the changes that follow it (a cycle's probes answer within a few ms of
    /// each other) before the view is written.</summary>
    public static readonly TimeSpan ChangeDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long after a node came up or back within reach the view is pushed again (membership events reach
    /// this actor and the replicator separately: by then the replicator counts the node among those it writes to).</summary>
    public static readonly TimeSpan RepublishDelay = TimeSpan.FromSeconds(1);

    private sealed record PublishChanges
    {
        public static PublishChanges Instance { get; } = new();
    }

    private sealed record Republish
    {
        public static Republish Instance { get; } = new();
    }

    public const string DefaultName = "yoi-fleet-publisher";

    /// <summary>Remove this node's view. Reply: <see cref="Left"/> once written to every node, or after a timeout.</summary>
    public sealed record Leave
    {
        public static Leave Instance { get; } = new();

        private Leave()
        {
        }
    }

    public sealed record Left
    {
        public static Left Instance { get; } = new();

        private Left()
        {
        }
    }

    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);

    private readonly IActorRef _supervisor;
    private readonly string _node;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.Cluster _self = Akka.Cluster.Cluster.Get(Context.System);
    private string? _last;
    private IActorRef? _leaving;

    public ITimerScheduler Timers { get; set; } = null!;

    private FleetPublisher(IActorRef supervisor, string node)
    {
        _supervisor = supervisor;
        _node = node;
        var data = DistributedData.Get(Context.System);
        _replicator = data.Replicator;
    }

    public static Props Props(IActorRef supervisor, string node) =>
        Yoi.Actors.ActorFactory.Props(() => new FleetPublisher(supervisor, node));

    protected override void PreStart()
    {
        _supervisor.Tell(new Fleet.Subscribe(Self));
        _self.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.ReachableMember));
    }

    protected override void PostStop()
    {
        _supervisor.Tell(new Fleet.Unsubscribe(Self));
        _self.Unsubscribe(Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fleet.View view when _leaving is null:
                Publish(view);
                break;
            case Fleet.CycleFinished cycle when _leaving is null:
                Publish(cycle.View);
                break;
            case Fleet.Change when _leaving is null:
                if (!Timers.IsTimerActive(PublishChanges.Instance))
                    Timers.StartSingleTimer(PublishChanges.Instance, PublishChanges.Instance, ChangeDelay);
                break;
            case PublishChanges when _leaving is null:
                _supervisor.Tell(Fleet.GetView.Instance);
                break;
            case ClusterEvent.MemberUp or ClusterEvent.ReachableMember when _leaving is null:
                if (!Timers.IsTimerActive(Republish.Instance))
                    Timers.StartSingleTimer(Republish.Instance, Republish.Instance, RepublishDelay);
                break;
            case Republish when _leaving is null:
                _last = null; // written again even though unchanged
                _supervisor.Tell(Fleet.GetView.Instance);
                break;
            case Fleet.Change:
            case Fleet.View:
            case PublishChanges:
            case Republish:
            case ClusterEvent.IClusterDomainEvent:
                break; // leaving: the view is being removed
            case Leave:
                _leaving = Sender;
                _replicator.Tell(Dsl.Update(FleetKeys.Views, LWWDictionary<string, string>.Empty, new WriteAll(WriteTimeout), map => map.Remove(_self, _node)));
                break;
            case IUpdateResponse when _leaving is not null:
                _leaving.Tell(Left.Instance);
                _leaving = null;
                break;
            case IUpdateResponse:
                break; // a node that missed the write gets it by gossip
            default:
                Unhandled(message);
                break;
        }
    }

    private void Publish(Fleet.View view)
    {
        var entry = Encode(view);
        if (entry == _last)
            return;
        _last = entry;
        _replicator.Tell(Dsl.Update(FleetKeys.Views, LWWDictionary<string, string>.Empty, new WriteAll(WriteTimeout), map => map.SetItem(_self, _node, entry)));
    }

    /// <summary>The view as published: the fleet object, its counters zeroed (they change every cycle and are
    /// the owning node's business: <c>status</c> there shows them), its time that of the view.</summary>
    public static string Encode(Fleet.View view)
    {
        var report = FleetReports.FromView(view, openFds: 0);
        var pods = report.Pods.Select(p => p with { LatencyMs = null, Probes = 0, Overruns = 0, RecentLatenciesMs = [] }).ToList();
        // The time is that of the last change, not of the cycle: an unchanged fleet encodes the same.
        var changed = pods.Count == 0 ? DateTimeOffset.UnixEpoch : pods.Max(p => p.LastChange ?? DateTimeOffset.UnixEpoch);
        var published = new FleetReport(changed, pods, new SupervisorReport(0, 0, 0, Environment.ProcessId), report.RegistryError);
        return ControlCodec.EncodeEvent(new FleetEvent(published));
    }
}
