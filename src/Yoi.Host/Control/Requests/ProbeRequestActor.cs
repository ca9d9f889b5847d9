using Akka.Actor;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Control.Requests;

/// <summary><c>probe</c>: a whole cycle, or one pod, answered with the fleet as that probing found it.</summary>
public sealed class ProbeRequestActor : RequestActor
{
    private readonly ProbeRequest _request;
    private readonly IActorRef _supervisor;

    private ProbeRequestActor(ProbeRequest request, IActorRef supervisor) : base(request.Id)
    {
        _request = request;
        _supervisor = supervisor;
    }

    public static Props Props(ProbeRequest request, IActorRef supervisor) =>
        Yoi.Actors.ActorFactory.Props(() => new ProbeRequestActor(request, supervisor));

    protected override void PreStart()
    {
        _supervisor.Tell(_request.Pod is { } pod ? new Fleet.ProbePod(pod, WithView: true) : Fleet.ProbeAll.Instance);
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fleet.CycleCompleted cycle:
                Answer(new FleetEvent(FleetReports.FromResults(cycle.Results, cycle.At, cycle.RegistryError, cycle.View, FdGauge.Current)));
                break;
            case Fleet.PodProbed probed:
                Answer(new FleetEvent(FleetReports.FromResults([probed.Result], probed.Result.At, probed.View.RegistryError, probed.View, FdGauge.Current, wholeFleet: false)));
                break;
            case Fleet.UnknownPod unknown:
                Answer(SendRequestActor.Unknown(unknown));
                break;
            default:
                Otherwise(message);
                break;
        }
    }
}
