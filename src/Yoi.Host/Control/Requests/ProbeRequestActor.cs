using Akka.Actor;
using Yoi.Actors.Probing;
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
        _supervisor.Tell(_request.Pod is { } pod ? new Fleet.ProbePod(pod) : Fleet.ProbeAll.Instance);
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    // Awaiting the probing, then the view that completes its rows.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fleet.CycleCompleted cycle:
                AwaitView(view => FleetReports.FromResults(cycle.Results, cycle.At, cycle.RegistryError, view, FdGauge.Current));
                break;
            case ProbeResult result:
                AwaitView(view => FleetReports.FromResults([result], result.At, view.RegistryError, view, FdGauge.Current));
                break;
            case Fleet.UnknownPod unknown:
                Answer(SendRequestActor.Unknown(unknown));
                break;
            case ReceiveTimeout:
                Answer(Timeout());
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void AwaitView(Func<Fleet.View, FleetReport> report)
    {
        _supervisor.Tell(Fleet.GetView.Instance);
        Become(message =>
        {
            switch (message)
            {
                case Fleet.View view:
                    Answer(new FleetEvent(report(view)));
                    break;
                case ReceiveTimeout:
                    Answer(Timeout());
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        });
    }
}
