using Akka.Actor;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary><c>watch</c>, and <c>send</c> with <c>follow</c>: attaches to the pod and streams its events. Its reply is
/// <c>attached</c>, given only once the connection to the pod is up, so a pod that cannot be reached is an
/// <c>attach_failed</c> naming the cause. Each batch is acknowledged to the session once the client has been written
/// it, so the session's backlog bound covers everything between the pod and the client: a slow client pauses the
/// session's reading, a stalled one is cut <c>lagged</c> by the session.</summary>
public sealed class PodStreamActor : RequestActor
{
    private readonly string _pod;
    private readonly Method? _follow;
    private readonly IActorRef _supervisor;
    private IActorRef? _session;

    private PodStreamActor(string pod, Method? follow, string? id, IActorRef supervisor) : base(id)
    {
        _pod = pod;
        _follow = follow;
        _supervisor = supervisor;
    }

    /// <param name="follow">A method to send once attached (<c>send</c> with <c>follow</c>), or null (<c>watch</c>).</param>
    public static Props Props(string pod, Method? follow, string? id, IActorRef supervisor) =>
        Yoi.Actors.ActorFactory.Props(() => new PodStreamActor(pod, follow, id, supervisor));

    protected override void PreStart()
    {
        _supervisor.Tell(new Fleet.Attach(_pod, Self));
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void PostStop()
    {
        _session?.Tell(new PodSession.Unsubscribe(Self));
        base.PostStop();
    }

    // Attaching: the supervisor creates the session. The session's own first words (Connected, or Detached on a
    // refused connect) come from another sender and may overtake the supervisor's Attached.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fleet.Attached attached:
                _session = attached.Session;
                Context.Watch(_session);
                Become(Connecting);
                break;
            case PodSession.Connected:
                _session = Sender;
                Context.Watch(_session);
                OnConnected();
                break;
            case PodSession.Detached detached:
                Answer(AttachFailed(detached.Reason));
                break;
            case Fleet.AttachFailed failed:
                Answer(AttachFailed(failed.Reason));
                break;
            case Fleet.UnknownPod unknown:
                Answer(SendRequestActor.Unknown(unknown));
                break;
            default:
                Otherwise(message);
                break;
        }
    }

    // Connecting: the session's connection to the pod is being made.
    private void Connecting(object message)
    {
        switch (message)
        {
            case PodSession.Connected:
                OnConnected();
                break;
            case PodSession.Detached detached:
                _session = null;
                Answer(AttachFailed(detached.Reason));
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_session):
                _session = null;
                Answer(AttachFailed("the pod session ended"));
                break;
            case ReceiveTimeout:
                Answer(AttachFailed($"no connection within {AnswerTimeout.TotalSeconds:0} s"));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnConnected()
    {
        Context.SetReceiveTimeout(null);
        Replied(new AttachedEvent(_pod));
        if (_follow is not null)
            _session!.Tell(new PodSession.Send(_follow));
        Become(Streaming);
    }

    private void Streaming(object message)
    {
        switch (message)
        {
            case Fleet.Attached:
                break; // overtaken by the session's Connected: nothing new
            case PodSession.EventsReceived received:
                foreach (var e in received.Events)
                    Gather(new PodLineEvent(_pod, e.Event.Name, e.Line));
                Flush(Sender, received.Bytes);
                break;
            case PodSession.UndecodableLine undecodable:
                // Acknowledged as a batch is: a stream of bad lines would otherwise fill the backlog and pause the pod.
                Gather(new UndecodableEvent(_pod, undecodable.Offset, undecodable.Reason));
                Flush(Sender, undecodable.Bytes);
                break;
            case PodSession.Sent sent:
                Emit(new SentEvent(sent.PodName, sent.Method));
                break;
            case PodSession.SendFailed failed:
                Emit(SendRequestActor.Failed(failed));
                break;
            case PodSession.Detached detached:
                _session = null;
                End(detached.Reason, detached.Detail);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_session):
                _session = null;
                End("the pod session ended", null);
                break;
            case ControlConnection.Lagged:
                _session?.Tell(new PodSession.Unsubscribe(Self));
                _session = null;
                Farewell(new DetachedEvent(_pod, PodSession.LaggedReason, LaggedDetail));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void End(string reason, string? detail)
    {
        Emit(new DetachedEvent(_pod, reason, detail));
        Context.Stop(Self);
    }

    private ErrorReply AttachFailed(string reason) => new(ControlNames.AttachFailed, $"cannot attach to pod {_pod}: {reason}");
}
