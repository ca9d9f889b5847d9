using Akka.Actor;
using Yoi.Actors.Sessions;
using Yoi.Host.Control;
using Yoi.Host.Control.Requests;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Cluster;

/// <summary>One control request from another node, run here. It is the parent its request actor takes for a control
/// connection: what the request writes goes to the requester as <see cref="Relay.Output"/>, in order; a pod session's
/// acknowledgements wait for the requester's <see cref="Relay.Ack"/>, sent once its client has been written the
/// batch, so the session's backlog bound (<c>subscriber_backlog_bytes</c>) holds end to end and nothing piles up
/// here. It watches the requester: when that goes (its client left, its node went away), the request stops and its pod
/// session with it.</summary>
public sealed class RelayHost : UntypedActor
{
    private readonly Relay.Open _open;
    private readonly IActorRef _supervisor;
    private readonly ControlLimits _limits;
    private readonly IActorRef? _managedConfig;
    // Acknowledgements owed to pod sessions, in stream order, each released by one Relay.Ack.
    private readonly Queue<(IActorRef Session, IActorRef Stream, long Bytes)> _acks = new();
    private IActorRef? _request;

    private RelayHost(Relay.Open open, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig)
    {
        _open = open;
        _supervisor = supervisor;
        _limits = limits;
        _managedConfig = managedConfig;
    }

    public static Props Props(Relay.Open open, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) =>
        Yoi.Actors.ActorFactory.Props(() => new RelayHost(open, supervisor, limits, managedConfig));

    /// <summary>Answers a request that will not run with one error line.</summary>
    public static void Refuse(Relay.Open open, string code, string message, string? id = null)
    {
        open.Requester.Tell(new Relay.Output(ControlOutput.Line(new ErrorReply(code, message), id), 0, false));
        open.Requester.Tell(new Relay.Replied());
        open.Requester.Tell(new Relay.Ended());
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        Context.Watch(_open.Requester);
        ControlRequest request;
        try
        {
            request = ControlCodec.DecodeRequest(_open.Line);
        }
        catch (ControlRequestException e)
        {
            Refuse(_open, e.Code, e.Message, e.Id);
            Context.Stop(Self);
            return;
        }

        // Only requests that name one of this node's pods: a relayed request never hops on, and the node's
        // configuration is reloaded by its own clients only.
        if (request is not (SendRequest or WatchRequest or ProcessRequest or LogsRequest))
        {
            Refuse(_open, ControlNames.InvalidRequest, $"{request.Method} is not run for another node", request.Id);
            Context.Stop(Self);
            return;
        }

        _request = Context.ActorOf(RequestProps.Local(request, _supervisor, _limits, _managedConfig), "request");
        Context.Watch(_request);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ControlConnection.Output output:
                if (output.AckTo is { } session)
                    _acks.Enqueue((session, Sender, output.AckBytes));
                _open.Requester.Tell(new Relay.Output(output.Bytes.ToArray(), output.AckTo is null ? 0 : Math.Max(1, output.AckBytes), output.Farewell));
                break;
            case ControlConnection.Replied:
                _open.Requester.Tell(new Relay.Replied());
                break;
            case Relay.Ack:
                if (_acks.TryDequeue(out var due))
                    due.Session.Tell(new PodSession.Ack(due.Bytes), due.Stream);
                break;
            case Relay.Lagged:
                _request?.Tell(ControlConnection.Lagged.Instance);
                break;
            case Relay.Close:
                Context.Stop(Self);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_request):
                _open.Requester.Tell(new Relay.Ended());
                Context.Stop(Self);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_open.Requester):
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
