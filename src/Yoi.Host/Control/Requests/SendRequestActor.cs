using Akka.Actor;
using Yoi.Actors.Sessions;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary><c>send</c> without <c>follow</c>: one method over a one-shot session; the reply comes to this actor, so
/// it is its own request's reply whatever other sends are under way.</summary>
public sealed class SendRequestActor : RequestActor
{
    private readonly SendRequest _request;
    private readonly IActorRef _supervisor;

    private SendRequestActor(SendRequest request, IActorRef supervisor) : base(request.Id)
    {
        _request = request;
        _supervisor = supervisor;
    }

    public static Props Props(SendRequest request, IActorRef supervisor) =>
        Yoi.Actors.ActorFactory.Props(() => new SendRequestActor(request, supervisor));

    protected override void PreStart()
    {
        _supervisor.Tell(new Fleet.SendMethod(_request.Pod, _request.Request));
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PodSession.Sent sent:
                Answer(new SentEvent(sent.PodName, sent.Method));
                break;
            case PodSession.SendFailed failed:
                Answer(Failed(failed));
                break;
            case Fleet.UnknownPod unknown:
                Answer(Unknown(unknown));
                break;
            default:
                Otherwise(message);
                break;
        }
    }

    internal static ErrorReply Failed(PodSession.SendFailed failed) =>
        new(failed.DialectMismatch ? ControlNames.InvalidRequest : ControlNames.SendFailed,
            $"could not send {failed.Method} to pod {failed.PodName}: {failed.Reason}");

    internal static ErrorReply Unknown(Fleet.UnknownPod unknown) =>
        new(ControlNames.UnknownPod, $"unknown pod {unknown.PodName}: {unknown.Reason}");
}
