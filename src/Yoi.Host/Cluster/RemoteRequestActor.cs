using Akka.Actor;
using Yoi.Actors.Sessions;
using Yoi.Host.Control;
using Yoi.Host.Control.Requests;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Cluster;

/// <summary>A control request naming <c>NODE/POD</c> of another node (<c>send</c>, <c>send</c> with <c>follow</c>,
/// <c>watch</c>, <c>start</c>/<c>stop</c>/<c>restart</c> and <c>logs</c> (with <c>follow</c>) of a managed pod): a child of the client's control connection that has the owning node's <see cref="Gateway"/> run the
/// request (with the bare pod name) and passes its lines through, in order. The client's connection acknowledges each
/// batch once written, and the acknowledgement travels back to the pod session, so flow control and the
/// <c>lagged</c> rule are those of a local stream. If the owning node goes away mid-request, the request ends:
/// no reply yet is <c>attach_failed</c>/<c>send_failed</c>; a stream ends with <c>detached</c> reason
/// <c>node-unreachable</c>.</summary>
public sealed class RemoteRequestActor : UntypedActor
{
    public const string NodeUnreachable = "node-unreachable";

    private readonly ControlRequest _request;
    private readonly string _node;
    private readonly string _pod;
    private IActorRef? _host;
    private bool _replied;

    private RemoteRequestActor(ControlRequest request, string node, string pod)
    {
        _request = request;
        _node = node;
        _pod = pod;
    }

    public static Props Props(ControlRequest request, string node, string pod) =>
        Yoi.Actors.ActorFactory.Props(() => new RemoteRequestActor(request, node, pod));

    /// <summary><c>NODE/POD</c> split, or null when <paramref name="name"/> names no node (pod names hold no '/').</summary>
    public static (string Node, string Pod)? Split(string name)
    {
        var slash = name.IndexOf('/');
        return slash > 0 && slash < name.Length - 1 ? (name[..slash], name[(slash + 1)..]) : null;
    }

    private IActorRef Connection => Context.Parent;

    protected override void PreStart()
    {
        // A start/stop/restart may take the pod's whole stop grace; the owning node's own request actor times out first.
        Context.SetReceiveTimeout(_request is ProcessRequest ? ProcessRequestActor.ProcessTimeout + RequestActor.AnswerTimeout : RequestActor.AnswerTimeout);
        if (ClusterAccess.For(Context.System).View is not { } view)
        {
            Fail(ControlNames.UnknownPod, $"unknown pod {_request switch { SendRequest s => s.Pod, WatchRequest w => w.Pod, ProcessRequest p => p.Pod, LogsRequest l => l.Pod, _ => "" }}: this supervisor is not in a cluster (pod names hold no '/'; NODE/POD needs `run --cluster`)");
            return;
        }

        view.Tell(new ClusterView.Locate(_node));
    }

    protected override void PostStop()
    {
        _host?.Tell(new Relay.Close());
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterView.Located { Address: { } address }:
                var line = ControlCodec.EncodeRequest(_request switch
                {
                    SendRequest send => send with { Pod = _pod },
                    WatchRequest watch => watch with { Pod = _pod },
                    ProcessRequest process => process with { Pod = _pod },
                    LogsRequest logs => logs with { Pod = _pod },
                    _ => _request,
                });
                Context.ActorSelection(new RootActorPath(address) / "user" / Gateway.DefaultName).Tell(new Relay.Open(line, Self));
                break;
            case ClusterView.Located located:
                Fail(ControlNames.UnknownPod, $"unknown pod {_node}/{_pod}: {located.Problem}");
                break;
            case Relay.Output output:
                if (_host is null)
                {
                    _host = Sender;
                    Context.Watch(_host);
                }

                Connection.Tell(new ControlConnection.Output(output.Bytes, output.Farewell, output.AckBytes > 0 ? Self : null, output.AckBytes));
                break;
            case Relay.Replied:
                if (!_replied)
                {
                    _replied = true;
                    Context.SetReceiveTimeout(null);
                    Connection.Tell(ControlConnection.Replied.Instance);
                }

                break;
            case PodSession.Ack ack:
                _host?.Tell(new Relay.Ack(ack.Bytes));
                break;
            case ControlConnection.Lagged:
                _host?.Tell(new Relay.Lagged());
                break;
            case Relay.Ended:
                _host = null;
                if (!_replied)
                    Fail(ControlNames.Internal, $"the request failed on node {_node}");
                else
                    Context.Stop(Self);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_host):
                _host = null;
                if (!_replied)
                {
                    Fail(_request switch
                    {
                        SendRequest { Follow: false } => ControlNames.SendFailed,
                        ProcessRequest => ControlNames.Internal,
                        _ => ControlNames.AttachFailed,
                    }, $"node {_node} went away before answering");
                }
                else
                {
                    if (_request.Streams)
                        Connection.Tell(new ControlConnection.Output(ControlOutput.Line(new DetachedEvent(_pod, NodeUnreachable, $"node {_node} went away"), _request.Id)));
                    Context.Stop(Self);
                }

                break;
            case ReceiveTimeout:
                Fail(ControlNames.Timeout, $"node {_node} did not answer in time");
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Fail(string code, string message)
    {
        Connection.Tell(new ControlConnection.Output(ControlOutput.Line(new ErrorReply(code, message), _request.Id)));
        if (!_replied)
            Connection.Tell(ControlConnection.Replied.Instance);
        _replied = true;
        Context.Stop(Self);
    }
}
