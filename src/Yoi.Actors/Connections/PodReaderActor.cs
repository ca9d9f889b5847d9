using System.Buffers;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Yoi.Actors.Framing;
using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Connections;

/// <summary>
/// Reads one pod socket: pulls a chunk, frames and decodes it, forwards the events to the owner, and only then pulls
/// the next chunk — so a slow owner slows the socket instead of growing memory. It never owns the socket (its parent,
/// <see cref="PodConnectionActor"/>, does) and never blocks a thread. Idle connections cost no buffer: it waits with a
/// zero-byte receive whose completion comes back as a message, then reads what is there without blocking, into a
/// pooled buffer. The wait is a <see cref="SocketAsyncEventArgs"/>: when the owner closes the socket it completes with
/// an error code, not an exception, which matters when every probe ends that way.
/// It keeps at most a few batches unhandled by its owner (<see cref="PodConnection.BatchHandled"/>): an owner that
/// holds those back pauses the reading.
/// </summary>
public sealed class PodReaderActor : UntypedActor
{
    /// <summary>To the parent: the stream ended; the reader stops itself right after.</summary>
    internal sealed record Ended(DisconnectReason Reason, string Detail);

    private sealed record DataReady : IDeadLetterSuppression
    {
        public static DataReady Instance { get; } = new();
    }

    private sealed record ReceiveFailed(SocketError Error) : IDeadLetterSuppression;

    private const int ChunkSize = 64 * 1024;

    // Chunks read per wake-up before yielding the thread back to the dispatcher.
    private const int MaxChunksPerTurn = 16;

    private readonly Socket _socket;
    private readonly LineFramer _framer;
    private readonly IForwardingSink _sink;
    private readonly SocketAsyncEventArgs _wait = new();
    // Batches told to the owner and not yet handled (BatchHandled): past the limit, reading waits, so an owner that
    // falls behind never finds more than a few batches in its mailbox.
    private const int MaxBatchesInFlight = 8;
    private int _batchesInFlight;
    // Where it stopped when paused: a wait to issue, or data known to be waiting.
    private ReadResult _pausedAt = ReadResult.Ended; // Ended: nothing recorded
    // What will wake it next: exactly one of these at a time, so a resume never starts a second wait.
    private Wake _pending = Wake.Nothing;

    private enum Wake
    {
        Nothing,
        Wait, // the zero-byte receive is outstanding
        Tell, // a DataReady to itself is in the mailbox
    }

    public PodReaderActor(Socket socket, string podName, IActorRef owner, int maxLineBytes, LineDecoding decoding = LineDecoding.Events)
    {
        _socket = socket;
        _framer = new LineFramer(maxLineBytes);
        _sink = decoding == LineDecoding.StatusOnly ? new StatusSink(podName, owner) : new DecodingSink(podName, owner, () => _batchesInFlight++);
    }

    public static Props Props(Socket socket, string podName, IActorRef owner, int maxLineBytes, LineDecoding decoding = LineDecoding.Events) =>
        ActorFactory.Props((socket, podName, owner, maxLineBytes, decoding), static a => new PodReaderActor(a.socket, a.podName, a.owner, a.maxLineBytes, a.decoding));

    protected override void PreStart()
    {
        // Reads after a wake-up must never park a dispatcher thread: with nothing to read they say WouldBlock.
        _socket.Blocking = false;
        var self = Self;
        _wait.SetBuffer(Memory<byte>.Empty);
        _wait.Completed += (_, e) =>
            self.Tell(e.SocketError == SocketError.Success ? DataReady.Instance : new ReceiveFailed(e.SocketError));
        AwaitData();
    }

    // A pending wait completes (aborted) when the owner closes the socket, right after this; disposal then finishes.
    protected override void PostStop() => _wait.Dispose();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case DataReady:
                _pending = Wake.Nothing;
                if (Blocked)
                {
                    _pausedAt = ReadResult.MoreWaiting;
                    break;
                }

                Continue(ReadAvailable());
                break;
            case PodConnection.BatchHandled:
                _batchesInFlight--;
                Unblocked();
                break;
            case ReceiveFailed failed:
                _pending = Wake.Nothing;
                OnSocketError(failed.Error);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void AwaitData()
    {
        // A wait that completes at once (data already there) is handled here rather than through the mailbox.
        while (!_socket.ReceiveAsync(_wait))
        {
            if (_wait.SocketError != SocketError.Success)
            {
                OnSocketError(_wait.SocketError);
                return;
            }

            var result = ReadAvailable();
            if (result != ReadResult.Drained || Blocked)
            {
                Continue(result);
                return;
            }
        }

        _pending = Wake.Wait;
    }

    private bool Blocked => _batchesInFlight >= MaxBatchesInFlight;

    private void Unblocked()
    {
        if (!Blocked && _pending == Wake.Nothing && _pausedAt != ReadResult.Ended)
        {
            var next = _pausedAt;
            _pausedAt = ReadResult.Ended; // nothing recorded any more
            Continue(next);
        }
    }

    private void Continue(ReadResult result)
    {
        if (Blocked && result != ReadResult.Ended)
        {
            _pausedAt = result;
            return;
        }

        if (result == ReadResult.Drained)
            AwaitData();
        else if (result == ReadResult.MoreWaiting)
        {
            _pending = Wake.Tell;
            Self.Tell(DataReady.Instance); // let other actors have the thread, then read on
        }
    }

    private enum ReadResult
    {
        Drained,
        MoreWaiting,
        Ended,
    }

    /// <summary>Reads and forwards what the socket holds, a bounded number of chunks at a time.</summary>
    private ReadResult ReadAvailable()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var chunk = 0; chunk < MaxChunksPerTurn; chunk++)
            {
                if (Blocked)
                    return ReadResult.MoreWaiting;
                var read = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                    return ReadResult.Drained;
                if (error != SocketError.Success)
                {
                    OnSocketError(error);
                    return ReadResult.Ended;
                }

                if (read == 0)
                {
                    _framer.Complete(_sink);
                    _sink.Flush();
                    End(DisconnectReason.PeerClosed, "the pod closed the connection");
                    return ReadResult.Ended;
                }

                var tooLong = _framer.Push(buffer.AsSpan(0, read), _sink);
                _sink.Flush();
                if (tooLong is not null)
                {
                    End(DisconnectReason.LineTooLong, tooLong.ToString());
                    return ReadResult.Ended;
                }

                if (read < buffer.Length)
                    return ReadResult.Drained;
            }

            return ReadResult.MoreWaiting;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    /// <summary>A line sink that forwards to the owner; <see cref="Flush"/> sends what a chunk's lines gathered.</summary>
    private interface IForwardingSink : ILineSink
    {
        void Flush();
    }

    /// <summary>Decodes framed lines into a batch; undecodable lines are reported in stream order and skipped.</summary>
    private sealed class DecodingSink(string podName, IActorRef owner, Action onBatch) : IForwardingSink
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

        // A report is in flight as a batch is (the owner answers it BatchHandled): a stream of bad lines is paced too.
        public void OnBadLine(long offset, string reason)
        {
            Flush();
            owner.Tell(new PodConnection.UndecodableLine(podName, offset, reason));
            onBatch();
        }

        public void Flush()
        {
            if (_batch is null)
                return;
            owner.Tell(new PodConnection.Received(podName, _batch));
            onBatch();
            _batch = null;
        }
    }

    /// <summary>Reads only the status of snapshot and status lines (a probe's need); other events are skipped unbuilt.</summary>
    private sealed class StatusSink(string podName, IActorRef owner) : IForwardingSink
    {
        public void OnLine(long offset, string line)
        {
            PodStatus? status;
            Dialect? dialect;
            try
            {
                status = EventCodec.ReadStatus(line, out dialect);
            }
            catch (ProtocolException e)
            {
                OnBadLine(offset, e.Message);
                return;
            }

            if (status is { } known)
                owner.Tell(new PodConnection.StatusReceived(podName, known, dialect));
        }

        public void OnBadLine(long offset, string reason) => owner.Tell(new PodConnection.UndecodableLine(podName, offset, reason));

        public void Flush()
        {
        }
    }
}
