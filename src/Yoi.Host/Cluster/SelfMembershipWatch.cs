using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Yoi.Host.Cluster;

/// <summary>Records how this node's membership ended (<see cref="ClusterAccess.Ending"/>), so a node whose actor system
/// stops without a signal says why in its exit line: downed by the resolver, left, removed otherwise, or never a member
/// (no seed answered, or its certificate was refused). Akka's own lines about it may be lost with the logger as the
/// system stops; the exit line is written by the command after the system has ended.</summary>
public sealed class SelfMembershipWatch : UntypedActor
{
    public const string DefaultName = "yoi-self-membership";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ClusterAccess _access = ClusterAccess.For(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props() => Yoi.Actors.ActorFactory.Props(() => new SelfMembershipWatch());

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.MemberRemoved removed when IsSelf(removed.Member):
                Ended(removed.PreviousStatus);
                break;
            case ClusterEvent.IMemberEvent e when IsSelf(e.Member):
                if (e.Member.Status == MemberStatus.Down && _access.Ending != SelfEnding.Downed)
                    _log.Warning("this node was downed by the split-brain resolver (it was on the minority side of an unreachable split: see UNREACHABLE here or in the other nodes' logs): it stops");
                Ended(e.Member.Status);
                break;
            case ClusterEvent.IMemberEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private bool IsSelf(Member member) => member.UniqueAddress.Equals(_cluster.SelfUniqueAddress);

    /// <summary>A removal keeps what came before it: the status the node had when it left the membership.</summary>
    private void Ended(MemberStatus status) => _access.Ending = status switch
    {
        MemberStatus.Down => SelfEnding.Downed,
        MemberStatus.Leaving or MemberStatus.Exiting => SelfEnding.Left,
        _ => _access.Ending ?? SelfEnding.Member,
    };
}
