using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Yoi.Host.Control;
using Yoi.Host.Control.Requests;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Web;

/// <summary>
/// One HTTP request answered by the control protocol's own request actors: it is their parent, as a
/// <see cref="ControlConnectionActor"/> is, so the HTTP API asks the supervisor the same questions the same way
/// (<see cref="RequestProps.For"/>). The control lines its child renders go to the HTTP handler through
/// <see cref="Output"/>; the handler reports what it has written (<see cref="Written"/>), and only then are a pod
/// session's batches acknowledged, so a pod stream's backlog is bounded by the session exactly as on the control
/// socket. A stream whose unwritten output passes the backlog bound is detached <c>lagged</c> (its farewell line
/// still goes out). Stopping this actor (the handler does, when the client goes) stops the request.
/// </summary>
public sealed class HttpBridgeActor : UntypedActor
{
    /// <summary>From the handler: that many bytes of output reached the client.</summary>
    public sealed record Written(int Bytes);

    private readonly ControlRequest _request;
    private readonly IActorRef _supervisor;
    private readonly ControlLimits _limits;
    private readonly ChannelWriter<ReadOnlyMemory<byte>> _output;
    private readonly IActorRef? _managedConfig;
    private readonly Queue<(long End, IActorRef Session, IActorRef Stream, long Bytes)> _acks = new();
    private IActorRef _child = ActorRefs.Nobody;
    private bool _lagged;
    private long _enqueued;
    private long _written;

    private HttpBridgeActor(ControlRequest request, IActorRef supervisor, ControlLimits limits, ChannelWriter<ReadOnlyMemory<byte>> output, IActorRef? managedConfig)
    {
        _managedConfig = managedConfig;
        _request = request;
        _supervisor = supervisor;
        _limits = limits;
        _output = output;
    }

    /// <param name="output">Unbounded as a channel; bounded in bytes here (what is not yet <see cref="Written"/>).</param>
    /// <param name="managedConfig">The daemon's managed configuration (<c>logs</c>), as the control connections get it.</param>
    public static Props Props(ControlRequest request, IActorRef supervisor, ControlLimits limits, ChannelWriter<ReadOnlyMemory<byte>> output, IActorRef? managedConfig = null) =>
        Yoi.Actors.ActorFactory.Props(() => new HttpBridgeActor(request, supervisor, limits, output, managedConfig));

    /// <summary>Bytes handed to the handler and not yet written to the client.</summary>
    private long Unwritten => _enqueued - _written;

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        _child = Context.ActorOf(RequestProps.For(_request, _supervisor, _limits, _managedConfig), _request.Method);
        Context.Watch(_child);
    }

    protected override void PostStop() => _output.TryComplete();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ControlConnection.Output output:
                OnOutput(output);
                break;
            case ControlConnection.Replied:
                break; // the handler reads the reply as the first line
            case Written written:
                _written += written.Bytes;
                DeliverAcks();
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_child):
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnOutput(ControlConnection.Output output)
    {
        if (output.Farewell)
        {
            _lagged = false;
            _acks.Clear();
        }
        else if (_lagged)
        {
            return; // lines it sent before it heard it lagged
        }
        // A pod stream's session (and a log stream's reader) already bounds it in its own bytes, which render to more
        // here: as on the control socket, this is the last resort (and the bound of a fleet stream), three times the bound.
        else if (Unwritten + output.Bytes.Length > 3 * _limits.MaxBacklogBytes)
        {
            Context.GetLogger().Info("HTTP client of {0} fell {1} bytes behind its stream: detached (lagged)", _request.Method, Unwritten);
            _lagged = true;
            Sender.Tell(ControlConnection.Lagged.Instance);
            return;
        }

        if (!output.Bytes.IsEmpty)
        {
            _output.TryWrite(output.Bytes);
            _enqueued += output.Bytes.Length;
        }

        if (output.AckTo is { } session)
        {
            _acks.Enqueue((_enqueued, session, Sender, output.AckBytes));
            DeliverAcks();
        }
    }

    private void DeliverAcks()
    {
        while (_acks.TryPeek(out var due) && due.End <= _written)
        {
            _acks.Dequeue();
            due.Session.Tell(new Actors.Sessions.PodSession.Ack(due.Bytes), due.Stream);
        }
    }
}
