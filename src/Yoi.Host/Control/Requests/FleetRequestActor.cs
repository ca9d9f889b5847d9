using Akka.Actor;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Control.Requests;

/// <summary><c>fleet</c>: the supervisor's current view.</summary>
public sealed class FleetRequestActor : RequestActor
{
    private readonly IActorRef _supervisor;

    private FleetRequestActor(string? id, IActorRef supervisor) : base(id) => _supervisor = supervisor;

    public static Props Props(string? id, IActorRef supervisor) =>
        Yoi.Actors.ActorFactory.Props(() => new FleetRequestActor(id, supervisor));

    protected override void PreStart()
    {
        _supervisor.Tell(Fleet.GetView.Instance);
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fleet.View view:
                Answer(new FleetEvent(FleetReports.FromView(view, FdGauge.Current)));
                break;
            default:
                Otherwise(message);
                break;
        }
    }
}
