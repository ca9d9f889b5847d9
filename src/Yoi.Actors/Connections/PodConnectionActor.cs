using System.Net.Sockets;
using Akka.Actor;
using Yoi.Actors.Framing;
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
    private sealed record ConnectSucceeded
    {
        public static ConnectSucceeded Instance { get; } = new();
    }

    private sealed record ConnectFailedInternal(Exception Cause);

    private sealed record WriteSucceeded
    {
        public static WriteSucceeded Instance { get; } = new();
    }

    private sealed record WriteFailed(Exception Cause);

    private sealed record PendingWrite(byte[] Line, string Method, IActorRef ReplyTo);

    private readonly string _podName;
    private readonly string _socketPath;
    private readonly int _maxLineBytes;
    private readonly Queue<PendingWrite> _writes = new();
    private Socket? _socket;
    private IActorRef? _reader;
    private bool _connected;
    private bool _writing;
    private bool _ended;

    public PodConnectionActor(string podName, string socketPath, int maxLineBytes)
    {
        _podName = podName;
        _socketPath = socketPath;
        _maxLineBytes = maxLineBytes;
    }

    public static Props Props(string podName, string socketPath, int maxLineBytes = LineFramer.DefaultMaxLineBytes) =>
        Akka.Actor.Props.Create(() => new PodConnectionActor(podName, socketPath, maxLineBytes));

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A crashed reader is stopped, never restarted; Terminated then ends this connection.
        new OneForOneStrategy(_ => Directive.Stop);

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

        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.ConnectAsync(endpoint)
            .PipeTo(Self, success: () => ConnectSucceeded.Instance, failure: e => new ConnectFailedInternal(e));
    }

    protected override void PostStop()
    {
        _socket?.Dispose();
        _socket = null;
        while (_writes.TryDequeue(out var pending))
            pending.ReplyTo.Tell(new PodSession.SendFailed(_podName, pending.Method, "the connection closed before the write"));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PodConnection.Send send:
                Enqueue(send.Method);
                break;
            case ConnectSucceeded:
                OnConnected();
                break;
            case ConnectFailedInternal failed:
                OnConnectFailed(failed.Cause);
                break;
            case WriteSucceeded:
                OnWriteSucceeded();
                break;
            case WriteFailed failed:
                OnWriteFailed(failed.Cause);
                break;
            case PodReaderActor.Ended ended:
                End(ended.Reason, ended.Detail);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_reader):
                End(DisconnectReason.ReadError, "the reader stopped unexpectedly");
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
        _reader = Context.ActorOf(PodReaderActor.Props(_socket, _podName, Context.Parent, _maxLineBytes), "reader");
        Context.Watch(_reader);
        Context.Parent.Tell(new PodConnection.Connected(_podName));
        WriteNext();
    }

    private void OnConnectFailed(Exception cause)
    {
        var (error, detail) = cause switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                (ConnectError.Refused, "connection refused: nobody listens on the socket"),
            SocketException { SocketErrorCode: SocketError.AccessDenied } =>
                (ConnectError.Denied, "permission denied"),
            SocketException { SocketErrorCode: SocketError.AddressNotAvailable } or SocketException { NativeErrorCode: 2 } =>
                (ConnectError.Missing, "no socket file"),
            SocketException socketError => (ConnectError.Failed, $"connect failed: {socketError.SocketErrorCode}: {socketError.Message}"),
            _ => (ConnectError.Failed, $"connect failed: {cause.Message}"),
        };

        // ENOENT and EACCES are reported differently across runtimes: the file system has the last word.
        if (error is ConnectError.Failed or ConnectError.Missing && !File.Exists(_socketPath) && !Directory.Exists(_socketPath))
            (error, detail) = (ConnectError.Missing, $"no socket file at {_socketPath}");

        FailConnect(error, detail);
    }

    private void FailConnect(ConnectError error, string detail)
    {
        _ended = true;
        Context.Parent.Tell(new PodConnection.ConnectFailed(_podName, error, detail));
        Context.Stop(Self);
    }

    private void Enqueue(Method method)
    {
        byte[] line;
        try
        {
            line = JsonLines.Encode(MethodCodec.Encode(method));
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
        SendAllAsync(_socket, next.Line)
            .PipeTo(Self, success: () => WriteSucceeded.Instance, failure: e => new WriteFailed(e));
    }

    // One logical write per line: the runtime's pods may lose the first piece of a method line that arrives in pieces,
    // and a Unix stream socket takes a small line whole, so this loops only for very large lines.
    private static async Task SendAllAsync(Socket socket, byte[] line)
    {
        var sent = 0;
        while (sent < line.Length)
            sent += await socket.SendAsync(line.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
    }

    private void OnWriteSucceeded()
    {
        _writing = false;
        var done = _writes.Dequeue();
        done.ReplyTo.Tell(new PodSession.Sent(_podName, done.Method));
        WriteNext();
    }

    private void OnWriteFailed(Exception cause)
    {
        _writing = false;
        if (_ended)
            return;
        var done = _writes.Dequeue();
        done.ReplyTo.Tell(new PodSession.SendFailed(_podName, done.Method, $"write failed: {cause.Message}"));
        End(DisconnectReason.WriteError, $"write failed: {cause.Message}");
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
