using Akka.Actor;
using Yoi.Actors.Managed;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Control.Requests;

/// <summary><c>start</c>, <c>stop</c>, <c>restart</c>: the supervisor's managed pods act and answer once the process is
/// starting (start, restart) or reaped (stop); the reply carries the pod's process then. A refusal is classified
/// against the view: <c>unknown_pod</c>, <c>not_managed</c>, else <c>refused</c> with the supervisor's reason.</summary>
public sealed class ProcessRequestActor : RequestActor
{
    /// <summary>Stopping waits for the process to be reaped, which may take its whole stop grace (at most 10 minutes).</summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(11);

    private readonly ProcessRequest _request;
    private readonly IActorRef _supervisor;

    private ProcessRequestActor(ProcessRequest request, IActorRef supervisor) : base(request.Id)
    {
        _request = request;
        _supervisor = supervisor;
    }

    public static Props Props(ProcessRequest request, IActorRef supervisor) =>
        Yoi.Actors.ActorFactory.Props(() => new ProcessRequestActor(request, supervisor));

    protected override void PreStart()
    {
        object ask = _request.Action switch
        {
            ControlNames.Start => new Managed.Start(_request.Pod),
            ControlNames.Stop => new Managed.Stop(_request.Pod),
            _ => new Managed.Restart(_request.Pod),
        };
        _supervisor.Tell(ask);
        Context.SetReceiveTimeout(ProcessTimeout);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Managed.Done done:
                Answer(new DoneEvent(done.Name, _request.Action, ManagedReports.From(done.Status, DateTimeOffset.UtcNow)));
                break;
            case Managed.Refused refused:
                var refusal = $"cannot {_request.Action} pod {_request.Pod}: {refused.Reason}";
                ClassifyManagedRefusal(_supervisor, _request.Pod, refusal, new ErrorReply(ControlNames.Refused, refusal));
                break;
            default:
                Otherwise(message);
                break;
        }
    }
}
