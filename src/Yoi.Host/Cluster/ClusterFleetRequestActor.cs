using Akka.Actor;
using Yoi.Host.Control;
using Yoi.Host.Control.Requests;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Cluster;

/// <summary><c>fleet</c> with <c>"cluster": true</c>, and <c>subscribe</c> with it (<paramref name="Stream"/>): the
/// cluster's pods as this node sees them (<see cref="ClusterView"/>), every row with its <c>node</c>; a stream then
/// gets a <c>cycle</c> with the whole cluster at every change (views, membership, reachability). A supervisor that is
/// not a cluster node answers <c>invalid_request</c>.</summary>
public sealed class ClusterFleetRequestActor : RequestActor
{
    private readonly bool _stream;
    private IActorRef? _view;

    private ClusterFleetRequestActor(string? id, bool stream) : base(id) => _stream = stream;

    public static Props Props(string? id, bool stream) => Yoi.Actors.ActorFactory.Props(() => new ClusterFleetRequestActor(id, stream));

    public static FleetReport Report(ClusterView.Snapshot snapshot) =>
        new(snapshot.At, snapshot.Pods, new SupervisorReport(FdGauge.Current, 0, 0, Environment.ProcessId), null);

    protected override void PreStart()
    {
        _view = ClusterAccess.For(Context.System).View;
        if (_view is null)
        {
            Answer(new ErrorReply(ControlNames.InvalidRequest, "this supervisor is not in a cluster: start it with `run --cluster`"));
            return;
        }

        _view.Tell(_stream ? new ClusterView.Subscribe(Self) : ClusterView.Get.Instance);
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void PostStop()
    {
        if (_stream)
            _view?.Tell(new ClusterView.Unsubscribe(Self));
        base.PostStop();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterView.Snapshot snapshot when !_stream:
                Answer(new FleetEvent(Report(snapshot)));
                break;
            case ClusterView.Snapshot snapshot:
                Context.SetReceiveTimeout(null);
                Replied(new FleetEvent(Report(snapshot)));
                Become(Streaming);
                break;
            case ReceiveTimeout:
                Answer(Timeout());
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Streaming(object message)
    {
        switch (message)
        {
            case ClusterView.Snapshot snapshot:
                Emit(new FleetEvent(Report(snapshot), Cycle: true));
                break;
            case ControlConnection.Lagged:
                Farewell(new DetachedEvent(null, Actors.Sessions.PodSession.LaggedReason, LaggedDetail));
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
