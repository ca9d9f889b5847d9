using System.Buffers;
using System.Net.Sockets;
using Akka.Actor;
using Yoi.Actors.Framing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Connections;

/// <summary>
/// Reads one pod socket: pulls a chunk, frames and decodes it, forwards the events to the owner, and only then pulls
/// the next chunk — so a slow owner slows the socket instead of growing memory. It never owns the socket (its parent,
/// <see cref="PodConnectionActor"/>, does) and never blocks a thread: every receive is an async operation piped back.
/// Idle connections cost no buffer: it waits with a zero-byte receive and rents a buffer only while data is there.
/// </summary>
public sealed class PodReaderActor : UntypedActor
{
    /// <summary>To the parent: the stream ended; the reader stops itself right after.</summary>
    internal sealed record Ended(DisconnectReason Reason, string Detail);

    private sealed record DataReady
    {
        public static DataReady Instance { get; } = new();
    }

    private sealed record ReceiveFailed(Exception Cause);

    private const int ChunkSize = 64 * 1024;

    // Chunks read per wake-up before yielding the thread back to the dispatcher.
    private const int MaxChunksPerTurn = 16;

    private readonly Socket _socket;
    private readonly string _podName;
    private readonly IActorRef _owner;
    private readonly LineFramer _framer;
    private readonly CancellationTokenSource _cancel = new();
    private readonly DecodingSink _sink;

    public PodReaderActor(Socket socket, string podName, IActorRef owner, int maxLineBytes)
    {
        _socket = socket;
        _podName = podName;
        _owner = owner;
        _framer = new LineFramer(maxLineBytes);
        _sink = new DecodingSink(podName, owner);
    }

    public static Props Props(Socket socket, string podName, IActorRef owner, int maxLineBytes) =>
        Akka.Actor.Props.Create(() => new PodReaderActor(socket, podName, owner, maxLineBytes));

    protected override void PreStart() => AwaitData();

    protected override void PostStop()
    {
        // Cancels a pending receive; the socket itself is closed by its owner.
        _cancel.Cancel();
        _cancel.Dispose();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DataReady:
                ReadAvailable();
                break;
            case ReceiveFailed failed:
                OnReceiveFailed(failed.Cause);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void AwaitData() =>
        _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _cancel.Token).AsTask()
            .PipeTo(Self, success: _ => DataReady.Instance, failure: e => new ReceiveFailed(e));

    private void ReadAvailable()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var chunk = 0; chunk < MaxChunksPerTurn; chunk++)
            {
                // Data or EOF is ready (the zero-byte receive said so, or Available > 0 below): this does not block.
                var read = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
                if (error != SocketError.Success)
                {
                    OnSocketError(error);
                    return;
                }

                if (read == 0)
                {
                    _framer.Complete(_sink);
                    _sink.Flush();
                    End(DisconnectReason.PeerClosed, "the pod closed the connection");
                    return;
                }

                var tooLong = _framer.Push(buffer.AsSpan(0, read), _sink);
                _sink.Flush();
                if (tooLong is not null)
                {
                    End(DisconnectReason.LineTooLong, tooLong.ToString());
                    return;
                }

                if (read < buffer.Length || _socket.Available == 0)
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        AwaitData();
    }

    private void OnReceiveFailed(Exception cause)
    {
        switch (cause)
        {
            case OperationCanceledException or ObjectDisposedException:
                // We are being stopped (PostStop cancelled the receive, or the owner closed the socket).
                Context.Stop(Self);
                break;
            case SocketException socketError:
                OnSocketError(socketError.SocketErrorCode);
                break;
            default:
                End(DisconnectReason.ReadError, cause.Message);
                break;
        }
    }

    private void OnSocketError(SocketError error)
    {
        if (error is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
            End(DisconnectReason.PeerClosed, "the pod reset the connection");
        else if (error is SocketError.OperationAborted)
            Context.Stop(Self);
        else
            End(DisconnectReason.ReadError, $"receive failed: {error}");
    }

    private void End(DisconnectReason reason, string detail)
    {
        Context.Parent.Tell(new Ended(reason, detail));
        Context.Stop(Self);
    }

    /// <summary>Decodes framed lines into a batch; undecodable lines are reported in stream order and skipped.</summary>
    private sealed class DecodingSink(string podName, IActorRef owner) : ILineSink
    {
        private List<ReceivedEvent>? _batch;

        public void OnLine(long offset, string line)
        {
            Event decoded;
            try
            {
                decoded = EventCodec.Decode(line);
            }
            catch (ProtocolException e)
            {
                OnBadLine(offset, e.Message);
                return;
            }

            (_batch ??= []).Add(new ReceivedEvent(decoded, line));
        }

        public void OnBadLine(long offset, string reason)
        {
            Flush();
            owner.Tell(new PodConnection.UndecodableLine(podName, offset, reason));
        }

        public void Flush()
        {
            if (_batch is null)
                return;
            owner.Tell(new PodConnection.Received(podName, _batch));
            _batch = null;
        }
    }
}
