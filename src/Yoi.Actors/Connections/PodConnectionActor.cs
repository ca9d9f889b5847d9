using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Yoi.Actors.Framing;
using Yoi.Actors.Mailboxes;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Connections;

/// <summary>
/// One connection to one pod. This actor is the socket's only owner: it creates it in <see cref="PreStart"/> and closes
/// it in <see cref="PostStop"/>, which runs on every ending (stop, crash, parent stopped, system shutdown) — whether the
/// socket ever connected or not. Its <see cref="PodReaderActor"/> child reads; writes are ordered with one outstanding.
/// Events go straight from the reader to the owner (this actor's parent); endings are reported as data, then the actor
/// stops. It is never restarted: a new probe or session makes a new connection.
/// </summary>
public sealed class PodConnectionActor : UntypedActor
{
    private sealed record ConnectSucceeded : IDeadLetterSuppression
    {
        public static ConnectSucceeded Instance { get; } = new();
    }

    private sealed record ConnectFailedInternal(SocketError Error) : IDeadLetterSuppression;

    private sealed record WriteCompleted(SocketError Error, int Bytes) : IDeadLetterSuppression;

    private sealed record ReaderCrashed(string Reason) : IDeadLetterSuppression;

    /// <summary>The write numbered <paramref name="Write"/> is past its deadline (if it is still the one under way).</summary>
    private sealed record WriteDeadlinePassed(long Write) : IDeadLetterSuppression;

    /// <summary>The reason a send fails with when its write is past the deadline.</summary>
    public const string WriteTimeoutReason = "timeout";

    /// <summary>The detail of a connect that found no file descriptor (EMFILE/ENFILE).</summary>
    public const string NoDescriptorDetail = "no file descriptor available";

    private sealed record PendingWrite(byte[] Line, string Method, IActorRef ReplyTo);

    private readonly string _podName;
    private readonly string _socketPath;
    private readonly int _maxLineBytes;
    private readonly LineDecoding _decoding;
    private TimeSpan? _writeTimeout;
    // A runtime timer, not the scheduler (whose tick may be coarse): the deadline of the write under way.
    private Timer? _writeDeadline;
    private long _writeNumber;
    private readonly Queue<PendingWrite> _writes = new();
    // Async connects and writes go through one SocketAsyncEventArgs, made on first need (a probe that connects at once
    // and never writes has none): completions come back as messages, errors as codes (a refused connect is a probe
    // outcome, not an exception), and nothing is allocated per write.
    private SocketAsyncEventArgs? _io;
    private Socket? _socket;
    private int _written;
    private bool _connected;
    private bool _writing;
    private bool _ended;

    /// <param name="writeTimeout">How long one method's write may take; null: the system's
    /// <see cref="PodConnectionConfig.WriteTimeoutPath"/>, else <see cref="PodConnectionConfig.DefaultWriteTimeout"/>.</param>
    public PodConnectionActor(string podName, string socketPath, int maxLineBytes, LineDecoding decoding = LineDecoding.Events, TimeSpan? writeTimeout = null)
    {
        _writeTimeout = writeTimeout;
        _podName = podName;
        _socketPath = socketPath;
        _maxLineBytes = maxLineBytes;
        _decoding = decoding;
    }

    public static Props Props(string podName, string socketPath, int maxLineBytes = LineFramer.DefaultMaxLineBytes, LineDecoding decoding = LineDecoding.Events,
        TimeSpan? writeTimeout = null) =>
        ActorFactory.Props((podName, socketPath, maxLineBytes, decoding, writeTimeout),
            static a => new PodConnectionActor(a.podName, a.socketPath, a.maxLineBytes, a.decoding, a.writeTimeout));

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A crashed reader is stopped, never restarted, and the connection ends. (Deciding here, rather than watching
        // the reader, spares every connection a death-watch.)
        new OneForOneStrategy(e =>
        {
            Self.Tell(new ReaderCrashed(e.Message));
            return Directive.Stop;
        });

    protected override void PreStart()
    {
        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(_socketPath);
        }
        catch (ArgumentException e)
        {
            FailConnect(ConnectError.Failed, $"unusable socket path: {e.Message}");
            return;
        }

        // A Unix-socket connect completes at once unless the pod's accept backlog is full; non-blocking, that case says
        // WouldBlock and is finished asynchronously. Either way no thread waits.
        try
        {
            _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            // EMFILE or ENFILE: an outcome of this connection, not a crash; the owner goes on with the next one.
            FailConnect(ConnectError.NoDescriptor, NoDescriptorDetail);
            return;
        }

        var error = TryConnectNow(endpoint);
        if (error == SocketError.Success)
            OnConnected();
        else if (error is SocketError.WouldBlock or SocketError.InProgress or SocketError.TryAgain)
            ConnectLater(endpoint);
        else
            OnConnectFailed(error);
    }

    private SocketError TryConnectNow(EndPoint endpoint)
    {
        try
        {
            _socket!.Connect(endpoint);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private void ConnectLater(EndPoint endpoint)
    {
        var io = Io();
        io.RemoteEndPoint = endpoint;
        if (!_socket!.ConnectAsync(io))
        {
            if (io.SocketError == SocketError.Success)
                OnConnected();
            else
                OnConnectFailed(io.SocketError);
        }
    }

    private SocketAsyncEventArgs Io()
    {
        if (_io is not null)
            return _io;
        var self = Self;
        _io = new SocketAsyncEventArgs();
        _io.Completed += (_, e) => self.Tell(e.LastOperation == SocketAsyncOperation.Connect
            ? e.SocketError == SocketError.Success ? ConnectSucceeded.Instance : new ConnectFailedInternal(e.SocketError)
            : new WriteCompleted(e.SocketError, e.BytesTransferred));
        return _io;
    }

    protected override void PostStop()
    {
        _writeDeadline?.Dispose();
        _socket?.Dispose();
        _socket = null;
        _io?.Dispose();
        while (_writes.TryDequeue(out var pending))
            pending.ReplyTo.Tell(new PodSession.SendFailed(_podName, pending.Method, "the connection closed before the write"));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PodConnection.Send send:
                Enqueue(send.Method, send.Dialect);
                break;
            case ConnectSucceeded:
                OnConnected();
                break;
            case ConnectFailedInternal failed:
                OnConnectFailed(failed.Error);
                break;
            case WriteCompleted completed:
                OnWriteCompleted(completed.Error, completed.Bytes);
                break;
            case PodReaderActor.Ended ended:
                End(ended.Reason, ended.Detail);
                break;
            case WriteDeadlinePassed passed:
                OnWriteDeadline(passed.Write);
                break;
            case ReaderCrashed crashed:
                End(DisconnectReason.ReadError, $"the reader failed: {crashed.Reason}");
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnConnected()
    {
        if (_ended || _socket is null)
            return;
        _connected = true;
        Context.ActorOf(LeanMailbox.For(Context.System, PodReaderActor.Props(_socket, _podName, Context.Parent, _maxLineBytes, _decoding)), "reader");
        Context.Parent.Tell(new PodConnection.Connected(_podName));
        WriteNext();
    }

    private void OnConnectFailed(SocketError error)
    {
        var (kind, detail) = error switch
        {
            SocketError.ConnectionRefused => (ConnectError.Refused, "connection refused: nobody listens on the socket"),
            SocketError.AccessDenied => (ConnectError.Denied, "permission denied"),
            SocketError.AddressNotAvailable => (ConnectError.Missing, "no socket file"),
            SocketError.TooManyOpenSockets => (ConnectError.NoDescriptor, NoDescriptorDetail),
            _ => (ConnectError.Failed, $"connect failed: {error}"),
        };

        // ENOENT is reported differently across runtimes: the file system has the last word.
        if (kind is ConnectError.Failed or ConnectError.Missing && !File.Exists(_socketPath) && !Directory.Exists(_socketPath))
            (kind, detail) = (ConnectError.Missing, $"no socket file at {_socketPath}");

        FailConnect(kind, detail);
    }

    private void FailConnect(ConnectError error, string detail)
    {
        _ended = true;
        Context.Parent.Tell(new PodConnection.ConnectFailed(_podName, error, detail));
        Context.Stop(Self);
    }

    private void Enqueue(Method method, Dialect dialect)
    {
        byte[] line;
        try
        {
            line = JsonLines.Encode(MethodCodec.Encode(method, dialect));
        }
        catch (Exception e) when (e is ProtocolException or ArgumentException)
        {
            Sender.Tell(new PodSession.SendFailed(_podName, method.Name, $"cannot encode the method: {e.Message}"));
            return;
        }

        _writes.Enqueue(new PendingWrite(line, method.Name, Sender));
        WriteNext();
    }

    private void WriteNext()
    {
        if (!_connected || _writing || _ended || _socket is null || !_writes.TryPeek(out var next))
            return;
        _writing = true;
        _written = 0;
        ArmWriteDeadline();
        StartWrite(next.Line);
    }

    // A timer per write (they are rare; probes never write), numbered so that a late tick of an earlier one is ignored.
    private void ArmWriteDeadline()
    {
        _writeTimeout ??= Context.System.Settings.Config.GetTimeSpan(PodConnectionConfig.WriteTimeoutPath, PodConnectionConfig.DefaultWriteTimeout, allowInfinite: false);
        _writeDeadline?.Dispose();
        var self = Self;
        _writeDeadline = new Timer(state => self.Tell(new WriteDeadlinePassed((long)state!)), ++_writeNumber, _writeTimeout.Value, Timeout.InfiniteTimeSpan);
    }

    private void DisarmWriteDeadline() => _writeDeadline?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    // The pod takes no more of the line: closing is the only way to release the write (and the sender waiting on it).
    private void OnWriteDeadline(long write)
    {
        if (_ended || !_writing || write != _writeNumber)
            return;
        var current = _writes.Dequeue();
        _writing = false;
        var detail = $"the pod did not take the {current.Line.Length}-byte line within {_writeTimeout!.Value.TotalMilliseconds:0} ms";
        current.ReplyTo.Tell(new PodSession.SendFailed(_podName, current.Method, $"{WriteTimeoutReason}: {detail}"));
        End(DisconnectReason.WriteError, $"write timed out: {detail}");
    }

    // One write per line as far as the kernel allows: the runtime's pods may lose the first piece of a method line
    // that arrives in pieces, and a Unix stream socket takes a small line whole, so this repeats only for huge lines.
    private void StartWrite(byte[] line)
    {
        var io = Io();
        io.SetBuffer(line, _written, line.Length - _written);
        if (!_socket!.SendAsync(io))
            OnWriteCompleted(io.SocketError, io.BytesTransferred);
    }

    private void OnWriteCompleted(SocketError error, int bytes)
    {
        if (_ended)
            return;
        var current = _writes.Peek();
        if (error != SocketError.Success)
        {
            DisarmWriteDeadline();
            _writing = false;
            _writes.Dequeue();
            current.ReplyTo.Tell(new PodSession.SendFailed(_podName, current.Method, $"write failed: {error}"));
            End(DisconnectReason.WriteError, $"write failed: {error}");
            return;
        }

        _written += bytes;
        if (_written < current.Line.Length)
        {
            StartWrite(current.Line);
            return;
        }

        DisarmWriteDeadline();
        _writing = false;
        _writes.Dequeue();
        current.ReplyTo.Tell(new PodSession.Sent(_podName, current.Method));
        WriteNext();
    }

    private void End(DisconnectReason reason, string detail)
    {
        if (_ended)
            return;
        _ended = true;
        Context.Parent.Tell(new PodConnection.Disconnected(_podName, reason, detail));
        Context.Stop(Self);
    }
}
