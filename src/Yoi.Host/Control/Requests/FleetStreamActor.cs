using Akka.Actor;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Control.Requests;

/// <summary><c>subscribe</c>: the current view (its reply), then every fleet change and cycle until the client goes or
/// falls behind (<c>lagged</c>).</summary>
public sealed class FleetStreamActor : RequestActor
{
    private readonly IActorRef _supervisor;

    private FleetStreamActor(string? id, IActorRef supervisor) : base(id) => _supervisor = supervisor;

    public static Props Props(string? id, IActorRef supervisor) =>
        Yoi.Actors.ActorFactory.Props(() => new FleetStreamActor(id, supervisor));

    protected override void PreStart()
    {
        _supervisor.Tell(new Fleet.Subscribe(Self));
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void PostStop()
    {
        _supervisor.Tell(new Fleet.Unsubscribe(Self));
        base.PostStop();
    }

    // Awaiting the current view.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fleet.View view:
                Context.SetReceiveTimeout(null);
                Replied(new FleetEvent(FleetReports.FromView(view, FdGauge.Current)));
                Become(Streaming);
                break;
            default:
                Otherwise(message);
                break;
        }
    }

    private void Streaming(object message)
    {
        switch (message)
        {
            case Fleet.CycleFinished cycle:
                Emit(new FleetEvent(FleetReports.FromView(cycle.View, FdGauge.Current), Cycle: true));
                break;
            case Fleet.Change change:
                Emit(FleetChanges.ToEvent(change));
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
