using System.Buffers;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Yoi.Actors.Framing;
using Yoi.Host.Control.Requests;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control;

/// <summary>
/// One control connection. It owns the socket (disposed in <see cref="PostStop"/> on every path), its framing and its
/// write queue, as <c>PodConnectionActor</c> owns a pod's socket; each request is a child actor (see
/// <see cref="Requests"/>). Requests are answered in order of arrival: the next one starts once the one before has
/// given its reply (a stream's reply is its first line, after which it streams alongside later replies). At most one
/// stream at a time; a second is refused <c>busy</c>. After a half-close the requests already read are answered in full
/// and streams run until they end or the client goes away; then the connection closes.
/// Memory is bounded whatever the client does: it reads requests only while fewer than
/// <see cref="ControlLimits.MaxPipelinedRequests"/> wait and the write queue is under the backlog bound, and a stream
/// whose output passes the bound is detached <c>lagged</c>.
/// </summary>
public sealed class ControlConnectionActor : UntypedActor
{
    private sealed record Received(int Count) : IDeadLetterSuppression;

    private sealed record ReceiveFailed(Exception Error) : IDeadLetterSuppression;

    private sealed record Written(int Count) : IDeadLetterSuppression;

    private sealed record WriteFailed(Exception Error) : IDeadLetterSuppression;

    // Requests are small: a small receive buffer keeps an idle connection cheap.
    private const int ReceiveBytes = 8 * 1024;

    private readonly Socket _socket;
    private readonly IActorRef _supervisor;
    private readonly ControlLimits _limits;
    private readonly IActorRef? _managedConfig;
    private readonly LineFramer _framer;
    private readonly LineCollector _lines = new();
    private readonly Queue<object> _requests = new(); // ControlRequest, or the ControlRequestException of a bad line
    private readonly WriteQueue _writes = new();
    // Acknowledgements due to pod sessions once the client has been written what they delivered, in stream order.
    private readonly Queue<(long End, IActorRef Session, IActorRef Stream, long Bytes)> _acks = new();
    private long _enqueued;
    private long _written;
    private readonly CancellationTokenSource _cts = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private byte[]? _receiveBuffer;
    private IActorRef? _current;
    private IActorRef? _stream;
    private IActorRef? _laggedStream;
    private bool _receiving;
    private bool _writing;
    private bool _inputClosed;
    private long _next;

    public ControlConnectionActor(Socket socket, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null)
    {
        _managedConfig = managedConfig;
        _socket = socket;
        _supervisor = supervisor;
        _limits = limits;
        _framer = new LineFramer(limits.MaxRequestBytes);
    }

    /// <param name="managedConfig">The daemon's managed configuration (<c>logs</c>, <c>reload</c>); null in-process.</param>
    public static Props Props(Socket socket, IActorRef supervisor, ControlLimits limits, IActorRef? managedConfig = null) =>
        Yoi.Actors.ActorFactory.Props(() => new ControlConnectionActor(socket, supervisor, limits, managedConfig));

    // A request that fails is stopped, never restarted; Terminated then answers for it.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        // Writes are tried at once and only wait (asynchronously) when the client's buffer is full.
        _socket.Blocking = false;
        Actors.Diagnostics.SupervisorMetrics.ControlConnectionOpened();
        ReceiveNext();
    }

    protected override void PostStop()
    {
        Actors.Diagnostics.SupervisorMetrics.ControlConnectionClosed();
        _cts.Cancel();
        _socket.Dispose();
        _writes.Dispose();
        if (_receiveBuffer is not null)
            ArrayPool<byte>.Shared.Return(_receiveBuffer);
        _cts.Dispose();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ControlConnection.Output output:
                OnOutput(output);
                break;
            case ControlConnection.Replied when Sender.Equals(_current):
                _current = null;
                StartNext();
                break;
            case Terminated terminated:
                OnChildEnded(terminated.ActorRef);
                break;
            case Received received:
                OnReceived(received.Count);
                break;
            case ReceiveFailed failed:
                _log.Debug("control connection read ended: {0}", failed.Error.Message);
                Context.Stop(Self);
                break;
            case Written written:
                _writing = false;
                Advance(written.Count);
                Flush();
                break;
            case WriteFailed failed:
                _log.Debug("control connection write failed: {0}", failed.Error.Message);
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // ---------------- requests ----------------

    private void StartNext()
    {
        while (_current is null && _requests.TryDequeue(out var next))
        {
            if (next is ControlRequestException bad)
            {
                Write(new ErrorReply(bad.Code, bad.Message), bad.Id);
                continue;
            }

            var request = (ControlRequest)next;
            if (request.Streams && _stream is not null)
            {
                Write(new ErrorReply(ControlNames.Busy, "this connection already streams; open another connection"), request.Id);
                continue;
            }

            var child = Context.ActorOf(RequestProps.For(request, _supervisor, _limits, _managedConfig), $"{request.Method}-{++_next}");
            Context.Watch(child);
            _current = child;
            if (request.Streams)
                _stream = child;
        }

        Flush();
    }

    private void OnChildEnded(IActorRef child)
    {
        if (child.Equals(_stream))
            _stream = null;
        if (child.Equals(_laggedStream))
            _laggedStream = null;
        if (child.Equals(_current))
        {
            // It stopped without replying (it crashed): the request still gets its answer.
            _current = null;
            Write(new ErrorReply(ControlNames.Internal, "the request failed inside the supervisor"), null);
            StartNext();
            return;
        }

        Flush();
    }

    private void OnOutput(ControlConnection.Output output)
    {
        var sender = Sender;
        if (output.Farewell)
        {
            // A stream cut for lagging (by its session, or below by this connection): what it queued and the client
            // never read is dropped (whole lines), so the client costs only its farewell from now on, which goes out
            // whatever the bound (it is small).
            _enqueued -= _writes.DropQueued(sender);
            if (sender.Equals(_laggedStream))
                _laggedStream = null;
            if (sender.Equals(_stream))
                _stream = null;
            _acks.Clear(); // every pending acknowledgement was this stream's, the only one
        }
        else if (sender.Equals(_laggedStream))
        {
            // Lines it sent before it heard it lagged.
            return;
        }
        // A pod stream's session already bounds it (it counts what is not yet written here); this is the last resort,
        // and the bound of a subscribe stream.
        else if (sender.Equals(_stream) && _writes.Bytes + output.Bytes.Length > 3 * _limits.MaxBacklogBytes)
        {
            _log.Info("control client {0} fell {1} bytes behind its stream: detached (lagged)", Self.Path.Name, _writes.Bytes);
            _laggedStream = sender;
            _stream = null;
            sender.Tell(ControlConnection.Lagged.Instance);
            return;
        }

        _writes.Enqueue(output.Bytes, sender);
        _enqueued += output.Bytes.Length;
        if (output.AckTo is { } session)
        {
            _acks.Enqueue((_enqueued, session, sender, output.AckBytes));
            DeliverAcks(); // an empty output is written already
        }

        Flush();
    }

    private void Advance(int written)
    {
        _writes.Advance(written);
        _written += written;
        DeliverAcks();
    }

    private void DeliverAcks()
    {
        while (_acks.TryPeek(out var due) && due.End <= _written)
        {
            _acks.Dequeue();
            due.Session.Tell(new Actors.Sessions.PodSession.Ack(due.Bytes), due.Stream);
        }
    }

    // ---------------- reading ----------------

    private void ReceiveNext()
    {
        if (_receiving || _inputClosed || _requests.Count >= _limits.MaxPipelinedRequests || _writes.Bytes > _limits.MaxBacklogBytes)
            return;
        _receiving = true;
        _receiveBuffer ??= ArrayPool<byte>.Shared.Rent(ReceiveBytes);
        _socket.ReceiveAsync(_receiveBuffer.AsMemory(0, ReceiveBytes), SocketFlags.None, _cts.Token).AsTask()
            .PipeTo(Self, success: n => new Received(n), failure: e => new ReceiveFailed(e));
    }

    private void OnReceived(int count)
    {
        _receiving = false;
        if (count == 0)
        {
            // Half-close (or gone): what was read is still answered, then the connection closes.
            _inputClosed = true;
            _framer.Complete(_lines);
            TakeLines();
            ReleaseReceiveBuffer();
            StartNext();
            return;
        }

        var tooLong = _framer.Push(_receiveBuffer.AsSpan(0, count), _lines);
        TakeLines();
        if (tooLong is not null)
        {
            _inputClosed = true;
            ReleaseReceiveBuffer();
            _requests.Enqueue(new ControlRequestException(ControlNames.InvalidRequest, $"request {tooLong}; closing the connection", null));
        }

        StartNext();
    }

    private void TakeLines()
    {
        foreach (var line in _lines.Take())
        {
            if (line.Error is not null)
            {
                _requests.Enqueue(new ControlRequestException(ControlNames.InvalidRequest, $"unreadable request line at byte {line.Offset}: {line.Error}", null));
                continue;
            }

            try
            {
                _requests.Enqueue(ControlCodec.DecodeRequest(line.Line!));
            }
            catch (ControlRequestException e)
            {
                _requests.Enqueue(e);
            }
        }
    }

    private void ReleaseReceiveBuffer()
    {
        if (_receiveBuffer is null)
            return;
        ArrayPool<byte>.Shared.Return(_receiveBuffer);
        _receiveBuffer = null;
    }

    // ---------------- writing ----------------

    private void Write(ControlEvent e, string? id)
    {
        var line = ControlOutput.Line(e, id);
        _writes.Enqueue(line);
        _enqueued += line.Length;
    }

    /// <summary>Writes what is queued: at once while the socket takes it, else one asynchronous write whose completion
    /// comes back as <see cref="Written"/>.</summary>
    private void Flush()
    {
        while (!_writing)
        {
            var next = _writes.Next();
            if (next.IsEmpty)
                break;
            var sent = _socket.Send(next.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                Advance(sent);
                continue;
            }

            if (error != SocketError.WouldBlock)
            {
                _log.Debug("control connection write failed: {0}", error);
                Context.Stop(Self);
                return;
            }

            _writing = true;
            _socket.SendAsync(next, SocketFlags.None, _cts.Token).AsTask()
                .PipeTo(Self, success: n => new Written(n), failure: e => new WriteFailed(e));
        }

        ReceiveNext();
        CloseIfDone();
    }

    private void CloseIfDone()
    {
        if (_inputClosed && _requests.Count == 0 && _current is null && _stream is null && _laggedStream is null && !_writing && _writes.IsEmpty)
            Context.Stop(Self);
    }
}
