using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Newtonsoft.Json.Linq;
using Yoi.Actors.Diagnostics;
using Yoi.Actors.Framing;
using Yoi.Actors.Probing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;
using Yoi.Actors.Supervision;
using Yoi.Host.Output;

namespace Yoi.Host.Control;

/// <summary>One control connection: owns its socket (disposed in <see cref="PostStop"/> on every path), reads request
/// lines with a pulled receive (the next one is issued after the chunk is handled), writes replies one at a time.
/// Every async result comes back as a message.</summary>
public sealed class ControlClientActor : ReceiveActor
{
    /// <summary>Queued output beyond which a client counts as too slow and is disconnected.</summary>
    public const long MaxQueuedBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private sealed record Received(int Count);

    private sealed record ReceiveFailed(Exception Error);

    private sealed record Written(int Count);

    private sealed record WriteFailed(Exception Error);

    private sealed record ViewArrived(Fleet.View View, JToken? Id);

    private sealed record CycleArrived(Fleet.CycleCompleted Cycle, Fleet.View View, JToken? Id);

    private sealed record ProbeArrived(object Reply, Fleet.View View, JToken? Id);

    private sealed record RequestFailed(string Code, string Message, JToken? Id);

    private enum StreamKind { None, Watch, Follow, Subscribe }

    private sealed record PendingSend(JToken? Id, string Pod, string Method);

    private readonly Socket _socket;
    private readonly IActorRef _supervisor;
    private readonly LineFramer _framer;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly CancellationTokenSource _cts = new();
    private readonly Queue<ReadOnlyMemory<byte>> _out = new();
    private readonly List<PendingSend> _pendingSends = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LineCollector _lines = new();
    private long _queuedBytes;
    private bool _writing;
    private bool _inputClosed;
    private bool _closeWhenFlushed;
    private int _pendingAsks;

    private StreamKind _stream;
    private JToken? _streamId;
    private string? _streamPod;
    private Method? _followMethod;
    private IActorRef? _session;

    public ControlClientActor(Socket socket, IActorRef supervisor, int maxLineBytes)
    {
        _socket = socket;
        _supervisor = supervisor;
        _framer = new LineFramer(maxLineBytes);

        Receive<Received>(OnReceived);
        Receive<ReceiveFailed>(f =>
        {
            _log.Debug("control client read ended: {0}", f.Error.Message);
            Context.Stop(Self);
        });
        Receive<Written>(OnWritten);
        Receive<WriteFailed>(f =>
        {
            _log.Debug("control client write failed: {0}", f.Error.Message);
            Context.Stop(Self);
        });

        Receive<ViewArrived>(v => Completed(ControlJson.EventLine(ControlProtocol.Fleet,
            FleetJson.ToControlObject(FleetReports.FromView(v.View, ProcessResources.OpenFileDescriptors())), v.Id)));
        Receive<CycleArrived>(c => Completed(ControlJson.EventLine(ControlProtocol.Fleet,
            FleetJson.ToControlObject(FleetReports.FromResults(c.Cycle.Results, c.Cycle.At, c.Cycle.RegistryError, c.View, ProcessResources.OpenFileDescriptors())), c.Id)));
        Receive<ProbeArrived>(OnProbeArrived);
        Receive<RequestFailed>(f => Completed(ControlProtocol.ErrorLine(f.Code, f.Message, f.Id)));

        // ---- replies and streams that come straight to us ----
        Receive<Fleet.View>(v =>
        {
            if (_stream != StreamKind.Subscribe) return;
            Write(ControlJson.EventLine(ControlProtocol.Fleet, FleetJson.ToControlObject(FleetReports.FromView(v, ProcessResources.OpenFileDescriptors())), _streamId));
        });
        Receive<Fleet.CycleFinished>(c =>
        {
            if (_stream != StreamKind.Subscribe) return;
            Write(ControlJson.EventLine(ControlProtocol.Cycle, FleetJson.ToControlObject(FleetReports.FromView(c.View, ProcessResources.OpenFileDescriptors())), _streamId));
        });
        Receive<Fleet.Change>(c =>
        {
            if (_stream != StreamKind.Subscribe) return;
            Write(ControlJson.EventLine(ControlProtocol.Change, ChangeObject(c), _streamId));
        });
        Receive<Fleet.Attached>(OnAttached);
        Receive<Fleet.AttachFailed>(f =>
        {
            if (_stream is not (StreamKind.Watch or StreamKind.Follow) || f.PodName != _streamPod) return;
            var id = _streamId;
            EndStream();
            Write(ControlProtocol.ErrorLine(ControlProtocol.AttachFailed, $"cannot attach to pod {f.PodName}: {f.Reason}", id));
            CloseIfIdle();
        });
        Receive<PodSession.Sent>(s =>
        {
            var pending = TakePending(s.PodName);
            Write(ControlJson.EventLine(ControlProtocol.Sent, new JObject { ["pod"] = s.PodName, ["method"] = s.Method }, pending?.Id));
            CloseIfIdle();
        });
        Receive<PodSession.SendFailed>(f =>
        {
            var pending = TakePending(f.PodName);
            Write(ControlProtocol.ErrorLine(ControlProtocol.SendFailed, $"could not send {f.Method} to pod {f.PodName}: {f.Reason}", pending?.Id));
            CloseIfIdle();
        });
        Receive<Fleet.UnknownPod>(u =>
        {
            var pending = TakePending(u.PodName);
            if (pending is null && _stream is StreamKind.Watch or StreamKind.Follow && _streamPod == u.PodName)
            {
                var id = _streamId;
                EndStream();
                Write(ControlProtocol.ErrorLine(ControlProtocol.UnknownPod, $"unknown pod {u.PodName}: {u.Reason}", id));
            }
            else
            {
                Write(ControlProtocol.ErrorLine(ControlProtocol.UnknownPod, $"unknown pod {u.PodName}: {u.Reason}", pending?.Id));
            }

            CloseIfIdle();
        });
        Receive<PodSession.EventsReceived>(e =>
        {
            if (_stream is not (StreamKind.Watch or StreamKind.Follow)) return;
            foreach (var received in e.Events)
            {
                Write(ControlJson.EventLine(ControlProtocol.PodEvent,
                    new JObject { ["pod"] = e.PodName, ["event"] = received.Event.Name, ["line"] = received.Line }, _streamId));
            }
        });
        Receive<PodSession.UndecodableLine>(u =>
        {
            if (_stream is not (StreamKind.Watch or StreamKind.Follow)) return;
            Write(ControlJson.EventLine(ControlProtocol.Undecodable,
                new JObject { ["pod"] = u.PodName, ["offset"] = u.Offset, ["reason"] = u.Reason }, _streamId));
        });
        Receive<PodSession.Detached>(d =>
        {
            if (_stream is not (StreamKind.Watch or StreamKind.Follow)) return;
            var id = _streamId;
            EndStream();
            Write(ControlJson.EventLine(ControlProtocol.Detached, new JObject { ["pod"] = d.PodName, ["reason"] = d.Reason }, id));
            CloseIfIdle();
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_session)) return;
            var id = _streamId;
            var pod = _streamPod;
            _session = null;
            EndStream();
            Write(ControlJson.EventLine(ControlProtocol.Detached, new JObject { ["pod"] = pod, ["reason"] = "the pod session ended" }, id));
            CloseIfIdle();
        });
    }

    public static Props Props(Socket socket, IActorRef supervisor, int maxLineBytes) =>
        Akka.Actor.Props.Create(() => new ControlClientActor(socket, supervisor, maxLineBytes));

    protected override void PreStart() => ReceiveNext();

    protected override void PostStop()
    {
        _cts.Cancel();
        _socket.Dispose();
        if (_stream == StreamKind.Subscribe) _supervisor.Tell(new Fleet.Unsubscribe(Self));
        _session?.Tell(new PodSession.Unsubscribe(Self));
        _cts.Dispose();
    }

    // ---------------- reading ----------------

    private void ReceiveNext()
    {
        _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, _cts.Token).AsTask()
            .PipeTo(Self, success: n => new Received(n), failure: e => new ReceiveFailed(e));
    }

    private void OnReceived(Received r)
    {
        if (r.Count == 0)
        {
            _framer.Complete(_lines);
            HandleLines();
            _inputClosed = true;
            // A client that is gone mid-stream costs nothing: its stream ends with it.
            if (_stream != StreamKind.None)
            {
                Context.Stop(Self);
                return;
            }

            CloseIfIdle();
            return;
        }

        var tooLong = _framer.Push(_buffer.AsSpan(0, r.Count), _lines);
        HandleLines();
        if (tooLong is not null)
        {
            Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, $"request {tooLong}; closing the connection"));
            _closeWhenFlushed = true;
            _inputClosed = true;
            FlushOrClose();
            return;
        }

        ReceiveNext();
    }

    private void HandleLines()
    {
        foreach (var item in _lines.Take())
        {
            if (item.Error is not null)
            {
                Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, $"unreadable request line at byte {item.Offset}: {item.Error}"));
                continue;
            }

            var request = ControlProtocol.TryParse(item.Line!, out var error, out var id);
            if (request is null)
            {
                Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, error!, id));
                continue;
            }

            Handle(request);
        }
    }

    // ---------------- requests ----------------

    private void Handle(ControlRequest request)
    {
        switch (request.Method)
        {
            case ControlProtocol.Fleet:
                _pendingAsks++;
                _supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, AskTimeout)
                    .PipeTo(Self, success: v => new ViewArrived(v, request.Id), failure: e => Failed(e, request.Id));
                break;

            case ControlProtocol.Probe:
                HandleProbe(request);
                break;

            case ControlProtocol.Send:
                HandleSend(request);
                break;

            case ControlProtocol.Watch:
                HandleWatch(request);
                break;

            case ControlProtocol.Subscribe:
                if (!StreamFree(request.Id)) return;
                _stream = StreamKind.Subscribe;
                _streamId = request.Id;
                _supervisor.Tell(new Fleet.Subscribe(Self));
                break;
        }
    }

    private void HandleProbe(ControlRequest request)
    {
        var pod = request.Params["pod"];
        var supervisor = _supervisor;
        var id = request.Id;
        _pendingAsks++;
        if (pod is null || pod.Type == JTokenType.Null)
        {
            ProbeAll(supervisor, id).PipeTo(Self, failure: e => Failed(e, id));
            return;
        }

        if (pod.Type != JTokenType.String)
        {
            _pendingAsks--;
            Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, "\"pod\" must be a string", id));
            return;
        }

        ProbeOne(supervisor, (string)pod!, id).PipeTo(Self, failure: e => Failed(e, id));
    }

    private static async Task<object> ProbeAll(IActorRef supervisor, JToken? id)
    {
        var cycle = await supervisor.Ask<Fleet.CycleCompleted>(Fleet.ProbeAll.Instance, AskTimeout).ConfigureAwait(false);
        var view = await supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, AskTimeout).ConfigureAwait(false);
        return new CycleArrived(cycle, view, id);
    }

    private static async Task<object> ProbeOne(IActorRef supervisor, string pod, JToken? id)
    {
        var reply = await supervisor.Ask<object>(new Fleet.ProbePod(pod), AskTimeout).ConfigureAwait(false);
        var view = await supervisor.Ask<Fleet.View>(Fleet.GetView.Instance, AskTimeout).ConfigureAwait(false);
        return new ProbeArrived(reply, view, id);
    }

    private void OnProbeArrived(ProbeArrived p)
    {
        switch (p.Reply)
        {
            case ProbeResult result:
                Completed(ControlJson.EventLine(ControlProtocol.Fleet, FleetJson.ToControlObject(
                    FleetReports.FromResults([result], result.At, p.View.RegistryError, p.View, ProcessResources.OpenFileDescriptors())), p.Id));
                break;
            case Fleet.UnknownPod u:
                Completed(ControlProtocol.ErrorLine(ControlProtocol.UnknownPod, $"unknown pod {u.PodName}: {u.Reason}", p.Id));
                break;
            default:
                Completed(ControlProtocol.ErrorLine(ControlProtocol.Internal, $"unexpected reply {p.Reply.GetType().Name}", p.Id));
                break;
        }
    }

    private void HandleSend(ControlRequest request)
    {
        var id = request.Id;
        if (request.Params["pod"] is not JValue { Type: JTokenType.String } podToken)
        {
            Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, "send needs \"pod\" (a string)", id));
            return;
        }

        if (request.Params["request"] is not JObject methodObject)
        {
            Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, "send needs \"request\" (the method object, e.g. {\"method\":\"cancel\"})", id));
            return;
        }

        var follow = request.Params["follow"] is JValue { Type: JTokenType.Boolean } f && (bool)f;
        Method method;
        try
        {
            method = MethodCodec.Decode(ControlJson.Compact(methodObject));
        }
        catch (ProtocolException e)
        {
            Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, $"not a valid method: {e.Message}", id));
            return;
        }

        var pod = (string)podToken!;
        if (!follow)
        {
            _pendingSends.Add(new PendingSend(id, pod, method.Name));
            _supervisor.Tell(new Fleet.SendMethod(pod, method));
            return;
        }

        if (!StreamFree(id)) return;
        _stream = StreamKind.Follow;
        _streamId = id;
        _streamPod = pod;
        _followMethod = method;
        _supervisor.Tell(new Fleet.Attach(pod, Self));
    }

    private void HandleWatch(ControlRequest request)
    {
        if (request.Params["pod"] is not JValue { Type: JTokenType.String } podToken)
        {
            Write(ControlProtocol.ErrorLine(ControlProtocol.InvalidRequest, "watch needs \"pod\" (a string)", request.Id));
            return;
        }

        if (!StreamFree(request.Id)) return;
        _stream = StreamKind.Watch;
        _streamId = request.Id;
        _streamPod = (string)podToken!;
        _supervisor.Tell(new Fleet.Attach(_streamPod, Self));
    }

    private void OnAttached(Fleet.Attached a)
    {
        if (_stream is not (StreamKind.Watch or StreamKind.Follow) || a.PodName != _streamPod || _session is not null)
        {
            a.Session.Tell(new PodSession.Unsubscribe(Self));
            return;
        }

        _session = a.Session;
        Context.Watch(_session);
        Write(ControlJson.EventLine(ControlProtocol.Attached, new JObject { ["pod"] = a.PodName }, _streamId));
        if (_stream == StreamKind.Follow && _followMethod is not null)
        {
            // Through the attached session: the method goes out on the connection we are subscribed on, after the
            // pod greeted it, so none of the run's events can slip past us.
            _pendingSends.Add(new PendingSend(_streamId, a.PodName, _followMethod.Name));
            _session.Tell(new PodSession.Send(_followMethod));
            _followMethod = null;
        }
    }

    private bool StreamFree(JToken? id)
    {
        if (_stream == StreamKind.None) return true;
        Write(ControlProtocol.ErrorLine(ControlProtocol.Busy, "this connection already streams; open another connection", id));
        return false;
    }

    private void EndStream()
    {
        if (_session is not null)
        {
            Context.Unwatch(_session);
            _session.Tell(new PodSession.Unsubscribe(Self));
            _session = null;
        }

        if (_stream == StreamKind.Subscribe) _supervisor.Tell(new Fleet.Unsubscribe(Self));
        _stream = StreamKind.None;
        _streamId = null;
        _streamPod = null;
        _followMethod = null;
    }

    private PendingSend? TakePending(string pod)
    {
        var index = _pendingSends.FindIndex(p => p.Pod == pod);
        if (index < 0) return null;
        var pending = _pendingSends[index];
        _pendingSends.RemoveAt(index);
        return pending;
    }

    private static RequestFailed Failed(Exception e, JToken? id) => e switch
    {
        AskTimeoutException => new RequestFailed(ControlProtocol.Timeout, "the supervisor did not answer in time", id),
        _ => new RequestFailed(ControlProtocol.Internal, e.GetBaseException().Message, id),
    };

    private void Completed(string line)
    {
        _pendingAsks--;
        Write(line);
        CloseIfIdle();
    }

    private static JObject ChangeObject(Fleet.Change change)
    {
        var o = new JObject { ["pod"] = change.PodName };
        switch (change)
        {
            case Fleet.PodAppeared a:
                o["kind"] = "pod_appeared";
                o["pod_state"] = FleetJson.ToControlObject(new FleetReport(DateTimeOffset.UtcNow, [FleetReports.FromState(a.State)], new SupervisorReport(-1, 0, 0, 0), null))["pods"]![0];
                break;
            case Fleet.PodDisappeared:
                o["kind"] = "pod_disappeared";
                break;
            case Fleet.StatusChanged s:
                o["kind"] = "status_changed";
                o["from"] = FleetReports.StatusWireName(s.From);
                o["to"] = FleetReports.StatusWireName(s.To);
                break;
            case Fleet.ReachabilityChanged r:
                o["kind"] = "reachability_changed";
                o["reachable"] = r.Reachable;
                o["outcome"] = r.Outcome.ToWireName();
                break;
            default:
                o["kind"] = change.GetType().Name;
                break;
        }

        return o;
    }

    // ---------------- writing ----------------

    private void Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _queuedBytes += bytes.Length;
        if (_queuedBytes > MaxQueuedBytes)
        {
            _log.Warning("control client too slow ({0} bytes queued): disconnecting", _queuedBytes);
            Context.Stop(Self);
            return;
        }

        _out.Enqueue(bytes);
        if (!_writing) WriteNext();
    }

    private void WriteNext()
    {
        if (!_out.TryPeek(out var next)) return;
        _writing = true;
        _socket.SendAsync(next, SocketFlags.None, _cts.Token).AsTask()
            .PipeTo(Self, success: n => new Written(n), failure: e => new WriteFailed(e));
    }

    private void OnWritten(Written w)
    {
        _writing = false;
        var head = _out.Dequeue();
        _queuedBytes -= w.Count;
        if (w.Count < head.Length)
        {
            // Partial write: the rest goes first, before anything queued after it.
            var rest = head[w.Count..];
            var others = _out.ToArray();
            _out.Clear();
            _out.Enqueue(rest);
            foreach (var o in others) _out.Enqueue(o);
        }

        if (_out.Count > 0) WriteNext();
        else FlushOrClose();
    }

    private void CloseIfIdle()
    {
        if (_inputClosed && _pendingAsks == 0 && _pendingSends.Count == 0 && _stream == StreamKind.None)
        {
            _closeWhenFlushed = true;
            FlushOrClose();
        }
    }

    private void FlushOrClose()
    {
        if (_closeWhenFlushed && !_writing && _out.Count == 0) Context.Stop(Self);
    }
}
